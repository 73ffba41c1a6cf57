//! `briefc sources styles`: the CSL note styles `[style] csl` can name,
//! and any one of them as a .csl file to keep in the project and change.

use std::process::ExitCode;

use anyhow::{Result, bail};

use briefc::diagnostics::{closest, printable};
use briefc::options::{bundled_note_styles, bundled_style_xml};

pub const EXAMPLES: &str = "\
Examples:
  briefc sources styles                    the bundled note styles, by name
  briefc sources styles chicago-notes > styles/house.csl
                                           a style to change, then in briefc.toml:
                                           [style] csl = \"styles/house.csl\"";

#[derive(clap::Args, Debug)]
pub struct StylesArgs {
    /// A bundled style to print as a .csl file.
    #[arg(value_name = "NAME")]
    pub name: Option<String>,
}

pub fn run(args: StylesArgs) -> Result<ExitCode> {
    let styles = bundled_note_styles();
    let Some(name) = args.name else {
        let widest = styles.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
        let mut out = String::new();
        for (name, title) in &styles {
            out.push_str(&format!("{name:widest$}  {}\n", printable(title)));
        }
        super::out::text(&out);
        return Ok(ExitCode::SUCCESS);
    };
    let Some(xml) = bundled_style_xml(&name) else {
        let hint = closest(&name, styles.iter().map(|(n, _)| *n))
            .map(|c| format!("\n  hint: did you mean `{c}`?"))
            .unwrap_or_default();
        bail!(
            "no note style `{}` is bundled (`briefc sources styles` lists them){hint}",
            printable(&name)
        );
    };
    super::out::text(&xml);
    Ok(ExitCode::SUCCESS)
}
