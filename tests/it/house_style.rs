//! Rules of the house style taken from real published notes: a comma
//! inside both closing marks of a quotation within a quoted title, paired
//! quotation marks in Chinese, and no bare "Ibid." after a page.

use crate::common::{briefc, project, stderr};

fn notes_of(files: &[(&str, &str)]) -> String {
    let p = project(files);
    let output = briefc(p.path(), &["build", "--drafts", "--format", "text"]);
    assert!(output.status.success(), "{}", stderr(&output));
    std::fs::read_to_string(p.path().join("dist/b/b.txt")).unwrap()
}

#[test]
fn a_comma_goes_inside_both_closing_marks() {
    let text = notes_of(&[
        (
            "briefings/b/briefing.toml",
            "title = \"T\"\ndate = 2007\nsections = [\"a.md\"]\n",
        ),
        ("briefings/b/a.md", "Text.[^1]\n"),
        ("footnotes/b.md", "[^1]: See [@art].\n"),
        (
            "footnotes/sources.toml",
            "[art]\ntype = \"article\"\nauthor = \"Lena Okafor\"\ntitle = 'On \"Assurances\"'\n\
             journal = \"The Regional Courier\"\ndate = 2006-05-02\n",
        ),
    ]);
    assert!(
        text.contains("“On ‘Assurances,’” The Regional Courier"),
        "{text}"
    );
}

#[test]
fn a_possessive_apostrophe_is_not_a_closing_mark() {
    let text = notes_of(&[
        (
            "briefings/b/briefing.toml",
            "title = \"T\"\ndate = 2007\nsections = [\"a.md\"]\n",
        ),
        ("briefings/b/a.md", "Text.[^1]\n"),
        ("footnotes/b.md", "[^1]: See [@art].\n"),
        (
            "footnotes/sources.toml",
            "[art]\ntype = \"article\"\nauthor = \"Lena Okafor\"\ntitle = \"The Lawyers'\"\n\
             journal = \"The Regional Courier\"\ndate = 2006-05-02\n",
        ),
    ]);
    assert!(
        text.contains("“The Lawyers’,” The Regional Courier"),
        "{text}"
    );
}

#[test]
fn straight_quotes_in_chinese_print_as_chinese_publishers_print_them() {
    let text = notes_of(&[
        (
            "briefings/b/briefing.toml",
            "title = \"T\"\ndate = 2007\nlanguage = \"zh\"\nsections = [\"a.md\"]\n",
        ),
        ("briefings/b/a.md", "他们说\"燕子飞\"，然后离开了。\n"),
    ]);
    assert!(text.contains("他们说“燕子飞”，然后离开了。"), "{text}");
}

#[test]
fn a_citation_without_a_page_after_one_with_a_page_is_not_a_bare_ibid() {
    let text = notes_of(&[
        (
            "briefings/b/briefing.toml",
            "title = \"T\"\ndate = 2007\nsections = [\"a.md\"]\n",
        ),
        ("briefings/b/a.md", "One.[^1] Two.[^2] Three.[^3]\n"),
        (
            "footnotes/b.md",
            "[^1]: [@r, p. 5].\n\n[^2]: [@r].\n\n[^3]: [@r].\n",
        ),
        (
            "footnotes/sources.toml",
            "[r]\ntype = \"report\"\nauthor = \"Example Rights Watch\"\ntitle = \"Still at Risk\"\ndate = 2005\n",
        ),
    ]);
    assert!(
        text.contains("[2] Example Rights Watch, Still at Risk."),
        "{text}"
    );
    // After a citation without a page, "Ibid." as before.
    assert!(text.contains("[3] Ibid."), "{text}");
}

#[test]
fn many_authors_are_the_first_and_et_al() {
    let library = "[prison]\ntype = \"article\"\ntitle = \"Sexual Coercion Reported by Men and Women in Prison\"\n\
        author = [\"Cindy Struckman-Johnson\", \"David Struckman-Johnson\", \"Lila Rucker\", \"Kurt Bumby\", \"Stephen Donaldson\"]\n\
        journal = \"Journal of Sex Research\"\ndate = 1996\n";
    let files = |language: &'static str| {
        vec![
            (
                "briefings/b/briefing.toml",
                format!(
                    "title = \"T\"\ndate = 2007\nlanguage = \"{language}\"\nsections = [\"a.md\"]\n"
                ),
            ),
            ("briefings/b/a.md", "Text.[^1]\n".to_string()),
            ("footnotes/b.md", "[^1]: See [@prison].\n".to_string()),
            ("footnotes/sources.toml", library.to_string()),
        ]
    };
    fn borrowed<'a>(files: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
        files.iter().map(|(p, t)| (*p, t.as_str())).collect()
    }
    let en = files("en");
    let text = notes_of(&borrowed(&en));
    assert!(
        text.contains("See Cindy Struckman-Johnson et al., “Sexual Coercion"),
        "{text}"
    );
    let ru = files("ru");
    let text = notes_of(&borrowed(&ru));
    assert!(
        text.contains("Cindy Struckman-Johnson и др., «Sexual Coercion"),
        "{text}"
    );
    let mut all = files("en");
    all.push(("briefc.toml", "[style]\net_al = 0\n".to_string()));
    let text = notes_of(&borrowed(&all))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.contains("Kurt Bumby, and Stephen Donaldson, “Sexual"),
        "{text}"
    );
}

#[test]
fn a_dash_before_the_key_leaves_the_author_out() {
    let library = "[aldi]\ntype = \"article\"\nauthor = \"Human Rights Watch\"\n\
        title = \"February 5: A Day of Slaughter in Novye Aldi\"\njournal = \"Short Report\"\ndate = \"2000-06\"\n";
    let text = notes_of(&[
        (
            "briefings/b/briefing.toml",
            "title = \"T\"\ndate = 2007\nsections = [\"a.md\"]\n",
        ),
        (
            "briefings/b/a.md",
            "Human Rights Watch documented the killings in Chechnya [-@aldi]. Later.[^1]\n",
        ),
        ("footnotes/b.md", "[^1]: Again, [@aldi].\n"),
        ("footnotes/sources.toml", library),
    ])
    .split_whitespace()
    .collect::<Vec<_>>()
    .join(" ");
    assert!(
        text.contains("[1] “February 5: A Day of Slaughter in Novye Aldi,” Short Report"),
        "{text}"
    );
    assert!(text.contains("[2] Again, ibid."), "{text}");
}

#[test]
fn a_works_popular_name_follows_its_title_and_serves_as_its_short_form() {
    let library = "[istanbul]\ntype = \"other\"\nauthor = \"United Nations\"\n\
        title = \"Manual on the Effective Investigation and Documentation of Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment\"\n\
        popular-name = \"The Istanbul Protocol\"\ndate = \"1999-08\"\n";
    let text = notes_of(&[
        (
            "briefings/b/briefing.toml",
            "title = \"T\"\ndate = 2007\nsections = [\"a.md\"]\n",
        ),
        ("briefings/b/a.md", "One.[^1] Two.[^2] Three.[^3]\n"),
        (
            "footnotes/b.md",
            "[^1]: [@istanbul].\n\n[^2]: A note between.\n\n[^3]: [@istanbul].\n",
        ),
        ("footnotes/sources.toml", library),
    ])
    .split_whitespace()
    .collect::<Vec<_>>()
    .join(" ");
    assert!(
        text.contains("Punishment (“The Istanbul Protocol”), August 1999."),
        "{text}"
    );
    assert!(
        text.contains("[3] United Nations, The Istanbul Protocol."),
        "{text}"
    );
}

#[test]
fn a_short_report_and_an_ngo_document_index_print_as_their_publishers_print_them() {
    let library = "[aldi]\ntype = \"report\"\nauthor = \"Human Rights Watch\"\n\
        title = \"February 5: A Day of Slaughter in Novye Aldi\"\ntitle-marks = \"quotes\"\n\
        genre = \"a Human Rights Watch Short Report\"\nvolume = \"12\"\nnumber = \"9(D)\"\ndate = \"2000-06\"\n\
        \n[motherland]\ntype = \"report\"\nauthor = \"Amnesty International\"\n\
        title = \"Russian Federation: Chechnya. For the Motherland\"\ndate = \"1999-12\"\nindex = \"EUR 46/46/99\"\n";
    let text = notes_of(&[
        (
            "briefings/b/briefing.toml",
            "title = \"T\"\ndate = 2007\nsections = [\"a.md\"]\n",
        ),
        ("briefings/b/a.md", "One.[^1] Two.[^2]\n"),
        (
            "footnotes/b.md",
            "[^1]: [-@aldi].\n\n[^2]: [@motherland].\n",
        ),
        ("footnotes/sources.toml", library),
    ])
    .split_whitespace()
    .collect::<Vec<_>>()
    .join(" ");
    assert!(
        text.contains("[1] “February 5: A Day of Slaughter in Novye Aldi,” a Human Rights Watch Short Report, vol. 12, no. 9(D), June 2000."),
        "{text}"
    );
    assert!(
        text.contains("[2] Amnesty International, Russian Federation: Chechnya. For the Motherland, December 1999 EUR 46/46/99."),
        "{text}"
    );
}
