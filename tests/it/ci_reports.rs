//! `check --format sarif` and `--format gitlab`, read as GitHub code
//! scanning and GitLab read them: the SARIF log valid against the official
//! SARIF 2.1.0 schema, every finding at its file and line, and GitLab
//! fingerprints that stay put from run to run.

use std::path::PathBuf;

use crate::common::{briefc, project};

/// The official SARIF 2.1.0 schema, as the serde-sarif crate ships it
/// beside its sources. Those are found in the dependency file that
/// compiling the crate left beside this test binary, so nothing is asked
/// of the network or of the registry (`cargo metadata` would want every
/// platform's crates).
fn sarif_schema() -> serde_json::Value {
    let deps = std::env::current_exe()
        .unwrap()
        .parent()
        .unwrap()
        .to_path_buf();
    let dep_info = std::fs::read_dir(&deps)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| {
            let name = path.file_name().unwrap().to_string_lossy();
            name.starts_with("serde_sarif-") && name.ends_with(".d")
        })
        .expect("serde-sarif, a dev-dependency, was compiled beside the tests");
    let text = std::fs::read_to_string(&dep_info).unwrap();
    let first = text.lines().next().unwrap();
    let (_, inputs) = first.split_once(": ").unwrap();
    // Inputs are separated by spaces; a space inside a path is escaped.
    let mut paths = Vec::new();
    let mut path = String::new();
    for part in inputs.split(' ') {
        path.push_str(part);
        if path.ends_with('\\') {
            path.pop();
            path.push(' ');
        } else {
            paths.push(std::mem::take(&mut path));
        }
    }
    let lib = paths
        .iter()
        .find(|p| p.contains("serde-sarif-") && p.ends_with("src/lib.rs"))
        .unwrap_or_else(|| panic!("no serde-sarif source in {}", dep_info.display()));
    let schema = PathBuf::from(lib).with_file_name("schema.json");
    // The published schema's pattern for a `language` tag has a stray `]`
    // that a strict regex engine refuses when the schema is compiled;
    // briefc's log has no `language`, so the intended form is put in.
    let text = std::fs::read_to_string(schema).unwrap();
    let broken = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
    assert!(text.contains(broken));
    let text = text.replace(broken, r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#);
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        schema["title"],
        "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    );
    schema
}

const META: &str = "title = \"B\"\ndate = 2007\nstatus = \"final\"\nsections = [\"s.md\"]\n";

/// A briefing with an error, a warning with a secondary place, and two
/// findings alike in one file.
fn troubled() -> tempfile::TempDir {
    project(&[
        ("briefings/b/briefing.toml", META),
        (
            "briefings/b/s.md",
            "# S\n\nA claim.[^missing] Another [@nobody]. An «odd» ![](img/none.png) ![](img/none.png)\n",
        ),
        ("footnotes/b.md", "[^spare]: Never used.\n"),
    ])
}

#[test]
fn sarif_is_valid_and_places_every_finding() {
    let p = troubled();
    let check = briefc(p.path(), &["check", "--format", "sarif"]);
    assert_eq!(check.status.code(), Some(1));
    let log: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let validator = jsonschema::validator_for(&sarif_schema()).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "not valid SARIF 2.1.0: {errors:#?}");
    // The schema does judge: a level SARIF does not have is refused.
    let mut wrong = log.clone();
    wrong["runs"][0]["results"][0]["level"] = serde_json::json!("fatal");
    assert!(!validator.is_valid(&wrong));

    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "briefc");
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let results = run["results"].as_array().unwrap();
    let undefined = results
        .iter()
        .find(|r| r["ruleId"] == "undefined-footnote")
        .expect("the undefined footnote is a result");
    assert_eq!(undefined["level"], "error");
    assert_eq!(
        rules[undefined["ruleIndex"].as_u64().unwrap() as usize],
        "undefined-footnote"
    );
    let place = &undefined["locations"][0]["physicalLocation"];
    assert_eq!(place["artifactLocation"]["uri"], "briefings/b/s.md");
    assert_eq!(place["region"]["startLine"], 3);
    assert_eq!(place["region"]["startColumn"], 9);
    assert!(
        undefined["message"]["text"]
            .as_str()
            .unwrap()
            .contains("\nhelp: ")
    );
    let unused = results
        .iter()
        .find(|r| r["ruleId"] == "unused-footnote")
        .unwrap();
    assert_eq!(unused["level"], "warning");
    assert_eq!(
        unused["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "footnotes/b.md"
    );
    for code in ["unknown-source", "missing-asset", "missing-alt-text"] {
        assert!(rules.contains(&code), "{code} in {rules:?}");
    }
    let rule = &run["tool"]["driver"]["rules"][0];
    assert!(
        !rule["shortDescription"]["text"]
            .as_str()
            .unwrap()
            .is_empty()
    );

    // The same sources give the same log.
    let again = briefc(p.path(), &["check", "--format", "sarif"]);
    assert_eq!(again.stdout, check.stdout);

    // A clean project is a valid log with no results.
    let clean = project(&[
        ("briefings/b/briefing.toml", META),
        ("briefings/b/s.md", "# S\n\nA claim.[^1]\n"),
        ("footnotes/b.md", "[^1]: A note.\n"),
    ]);
    let check = briefc(clean.path(), &["check", "--format", "sarif"]);
    assert_eq!(check.status.code(), Some(0));
    let log: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    assert!(validator.is_valid(&log));
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
}

#[test]
fn gitlab_reports_each_finding_with_a_fingerprint_that_stays() {
    let p = troubled();
    let check = briefc(p.path(), &["check", "--format", "gitlab"]);
    assert_eq!(check.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let findings = report.as_array().unwrap();
    let undefined = findings
        .iter()
        .find(|f| f["check_name"] == "undefined-footnote")
        .unwrap();
    assert_eq!(undefined["severity"], "critical");
    assert_eq!(undefined["location"]["path"], "briefings/b/s.md");
    assert_eq!(undefined["location"]["lines"]["begin"], 3);
    assert!(
        undefined["description"]
            .as_str()
            .unwrap()
            .contains("[^missing]")
    );
    let unused = findings
        .iter()
        .find(|f| f["check_name"] == "unused-footnote")
        .unwrap();
    assert_eq!(unused["severity"], "minor");
    for finding in findings {
        for field in ["description", "check_name", "fingerprint", "severity"] {
            assert!(finding[field].is_string(), "{field} in {finding}");
        }
    }
    let prints = |report: &serde_json::Value| -> Vec<String> {
        report
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["fingerprint"].as_str().unwrap().to_string())
            .collect()
    };
    let first = prints(&report);
    let mut unique = first.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        first.len(),
        "two alike findings differ: {first:?}"
    );

    // Run again: the same fingerprints. Push every line down: still the
    // same problems, so still the same fingerprints, at new lines.
    let again = briefc(p.path(), &["check", "--format", "gitlab"]);
    assert_eq!(
        prints(&serde_json::from_slice(&again.stdout).unwrap()),
        first
    );
    let section = p.path().join("briefings/b/s.md");
    let text = std::fs::read_to_string(&section).unwrap();
    std::fs::write(
        &section,
        text.replace("# S\n", "# S\n\nA new opening paragraph.\n"),
    )
    .unwrap();
    let moved = briefc(p.path(), &["check", "--format", "gitlab"]);
    let moved: serde_json::Value = serde_json::from_slice(&moved.stdout).unwrap();
    let mut before = first.clone();
    before.sort();
    let mut after = prints(&moved);
    after.sort();
    assert_eq!(after, before);
    let undefined = moved
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check_name"] == "undefined-footnote")
        .unwrap();
    assert_eq!(undefined["location"]["lines"]["begin"], 5);
}
