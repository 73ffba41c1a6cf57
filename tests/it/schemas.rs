//! The JSON Schemas under schemas/, which editors (Taplo, Even Better
//! TOML) use to complete and check briefc's TOML files: every TOML file of
//! the example project and of the fixtures is valid against its schema,
//! every JSON edition and `check --format json` report briefc writes is
//! valid against theirs, and a misspelt key is not.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{briefc, stdout};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn schema(name: &str) -> jsonschema::Validator {
    let path = root().join("schemas").join(format!("{name}.schema.json"));
    let text = std::fs::read_to_string(&path).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

/// A TOML file as the JSON an editor validates: a date as its text.
fn toml_as_json(text: &str) -> Value {
    fn convert(value: toml::Value) -> Value {
        match value {
            toml::Value::String(s) => Value::String(s),
            toml::Value::Integer(i) => Value::from(i),
            toml::Value::Float(f) => Value::from(f),
            toml::Value::Boolean(b) => Value::Bool(b),
            toml::Value::Datetime(d) => Value::String(d.to_string()),
            toml::Value::Array(items) => Value::Array(items.into_iter().map(convert).collect()),
            toml::Value::Table(table) => {
                Value::Object(table.into_iter().map(|(k, v)| (k, convert(v))).collect())
            }
        }
    }
    convert(toml::from_str(text.trim_start_matches('\u{feff}')).unwrap())
}

fn errors(validator: &jsonschema::Validator, value: &Value) -> Vec<String> {
    validator
        .iter_errors(value)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

/// The example project, the diff project, every fixture meant to build
/// (not those broken on purpose) and the good half of each check case.
fn projects() -> Vec<PathBuf> {
    let mut projects = vec![root(), root().join("tests/diff/project")];
    for entry in std::fs::read_dir(root().join("tests/fixtures")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.starts_with("error-") {
            projects.push(path);
        }
    }
    for entry in std::fs::read_dir(root().join("tests/check")).unwrap() {
        let good = entry.unwrap().path().join("good");
        if good.join("briefings").is_dir() {
            projects.push(good);
        }
    }
    projects.sort();
    projects
}

/// Each TOML file of a project, with the schema it answers to.
fn toml_files(project: &Path) -> Vec<(PathBuf, &'static str)> {
    let mut files = Vec::new();
    if project.join("briefc.toml").is_file() {
        files.push((project.join("briefc.toml"), "briefc"));
    }
    if let Ok(briefings) = std::fs::read_dir(project.join("briefings")) {
        for entry in briefings {
            let metadata = entry.unwrap().path().join("briefing.toml");
            if metadata.is_file() {
                files.push((metadata, "briefing"));
            }
        }
    }
    if project.join("footnotes/sources.toml").is_file() {
        files.push((project.join("footnotes/sources.toml"), "sources"));
    }
    if let Ok(more) = std::fs::read_dir(project.join("footnotes/sources")) {
        for entry in more {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "toml") {
                files.push((path, "sources"));
            }
        }
    }
    files
}

#[test]
fn every_toml_file_of_the_examples_and_fixtures_is_valid() {
    let validators = [
        ("briefc", schema("briefc")),
        ("briefing", schema("briefing")),
        ("sources", schema("sources")),
    ];
    let mut checked = [0usize; 3];
    for project in projects() {
        for (file, kind) in toml_files(&project) {
            let index = validators.iter().position(|(k, _)| *k == kind).unwrap();
            let value = toml_as_json(&std::fs::read_to_string(&file).unwrap());
            let found = errors(&validators[index].1, &value);
            assert!(found.is_empty(), "{}: {found:#?}", file.display());
            checked[index] += 1;
        }
    }
    assert!(checked.iter().all(|&n| n > 0), "{checked:?}");
}

#[test]
fn a_misspelt_key_or_a_wrong_value_is_refused() {
    let briefing = schema("briefing");
    let good = toml_as_json("title = \"T\"\ndate = 2007-01-23\nsections = [\"a.md\"]\n");
    assert!(errors(&briefing, &good).is_empty());
    for bad in [
        "titel = \"T\"\ndate = 2007-01-23\nsections = [\"a.md\"]\n",
        "title = \"T\"\ndate = 2007-01-23\nsections = [\"a.md\"]\nstatus = \"done\"\n",
        "title = \"T\"\ndate = 2007-01-23\nsections = [\"a.md\"]\n[footnotes]\nstrat = 3\n",
    ] {
        assert!(!errors(&briefing, &toml_as_json(bad)).is_empty(), "{bad}");
    }
    let settings = schema("briefc");
    let site = toml_as_json("[links]\nsite = \"https://www.example.org\"\n");
    assert!(errors(&settings, &site).is_empty());
    assert!(!errors(&settings, &toml_as_json("[pdf]\npapr = \"a4\"\n")).is_empty());
    assert!(
        !errors(
            &settings,
            &toml_as_json("[lints]\nunused-fotnote = \"deny\"\n")
        )
        .is_empty()
    );
    let sources = schema("sources");
    let report = "[aldi]\ntype = \"report\"\nauthor = \"HRW\"\ntitle = \"T\"\ntitle-marks = \"quotes\"\n\
        genre = \"a Short Report\"\nindex = \"EUR 46/46/99\"\npopular-name = \"P\"\n";
    assert!(errors(&sources, &toml_as_json(report)).is_empty());
    let news = "[n]\ntype = \"news\"\ntitle = \"T\"\npublication = \"P\"\ngenre = \"g\"\n";
    assert!(!errors(&sources, &toml_as_json(news)).is_empty());
    assert!(
        !errors(
            &sources,
            &toml_as_json("[k]\ntype = \"reprot\"\ntitle = \"T\"\n")
        )
        .is_empty()
    );
}

#[test]
fn every_json_edition_and_check_report_is_valid() {
    let edition = schema("edition");
    let check = schema("check");
    let out = tempfile::tempdir().unwrap();
    let mut editions = 0;
    for (n, project) in projects().iter().enumerate() {
        let dist = out.path().join(n.to_string());
        let dist_arg = dist.to_str().unwrap();
        let built = briefc(
            project,
            &["build", "--drafts", "--format", "json", "--out", dist_arg],
        );
        assert!(built.status.code().is_some_and(|c| c <= 1));
        for file in crate::common::files_under(&dist).keys() {
            if file.extension().is_some_and(|e| e == "json") {
                let value: Value =
                    serde_json::from_slice(&std::fs::read(dist.join(file)).unwrap()).unwrap();
                let found = errors(&edition, &value);
                assert!(found.is_empty(), "{}: {found:#?}", file.display());
                editions += 1;
            }
        }
        let report = briefc(project, &["check", "--format", "json"]);
        let value: Value = serde_json::from_str(&stdout(&report)).unwrap();
        let found = errors(&check, &value);
        assert!(found.is_empty(), "{}: {found:#?}", project.display());
    }
    assert!(editions > 20, "{editions}");
    // A report with errors too.
    let broken = root().join("tests/fixtures/error-undefined-footnote");
    let report = briefc(&broken, &["check", "--format", "json"]);
    let value: Value = serde_json::from_str(&stdout(&report)).unwrap();
    assert!(errors(&check, &value).is_empty());
    assert!(!value["diagnostics"].as_array().unwrap().is_empty());
}
