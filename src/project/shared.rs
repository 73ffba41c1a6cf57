//! What every briefing of a project shares: the source library, the
//! template overrides in `templates/` and the fonts in `fonts/`.

use std::path::{Path, PathBuf};

use anyhow::Result;

use super::Project;
use super::root::{is_font_name, is_template_name};
use crate::files::Refusal;

impl Project {
    pub(super) fn load_library(&mut self) -> Result<()> {
        let single = Path::new("footnotes").join("sources.toml");
        if self.files.is_present(&single) {
            let file = self.read(&single)?;
            self.library_files.extend(file);
        }
        let folder = Path::new("footnotes").join("sources");
        if self.files.is_dir(&folder) {
            for entry in self.list(&folder)? {
                if entry.path.extension().is_some_and(|e| e == "toml") && !entry.is_dir {
                    let name = entry.path.file_name().unwrap_or_default();
                    let file = self.read(folder.join(name))?;
                    self.library_files.extend(file);
                }
            }
        }
        Ok(())
    }

    /// Lists `fonts/` and its subdirectories. A font is read only when a
    /// PDF is typeset, but whether it lies inside the project is checked
    /// here, so `check` reports a link that leads out.
    pub(super) fn list_fonts(&mut self) -> Result<()> {
        for child in self.files_below(Path::new("fonts"), is_font_name)? {
            let resolved = self.files.resolve(&child);
            if self.accept(&child, resolved, "read")?.is_some() {
                // An empty text: diagnostics about the font name the file.
                let file = self.sources.add(&child, String::new());
                self.fonts.push((child, file));
            }
        }
        Ok(())
    }

    pub(super) fn load_templates(&mut self) -> Result<()> {
        for child in self.files_below(Path::new("templates"), is_template_name)? {
            let Some(file) = self.read(&child)? else {
                continue;
            };
            let template_name = child
                .strip_prefix("templates")
                .unwrap_or(&child)
                .to_string_lossy()
                .replace('\\', "/");
            self.templates.push((template_name, file));
        }
        Ok(())
    }

    /// The files below the directory `relative` whose names `wanted`
    /// accepts, in name order; nothing when it is absent. A directory is
    /// entered only when it really lies inside the project, and once: a
    /// link back to a directory above cannot make the walk go round for
    /// ever.
    fn files_below(&mut self, relative: &Path, wanted: fn(&str) -> bool) -> Result<Vec<PathBuf>> {
        let mut found = Vec::new();
        if self.files.is_present(relative) {
            let mut seen = Vec::new();
            self.walk(relative, wanted, &mut seen, &mut found)?;
        }
        Ok(found)
    }

    fn walk(
        &mut self,
        relative: &Path,
        wanted: fn(&str) -> bool,
        seen: &mut Vec<PathBuf>,
        found: &mut Vec<PathBuf>,
    ) -> Result<()> {
        let resolved = self.files.resolve(relative);
        let Some(real) = self.accept(relative, resolved, "list")? else {
            return Ok(());
        };
        if seen.contains(&real) {
            self.refuse(relative, &Refusal::Loop);
            return Ok(());
        }
        if !self.files.is_dir(&real) {
            return Ok(());
        }
        seen.push(real);
        for entry in self.list(relative)? {
            let name = entry.path.file_name().unwrap_or_default();
            let child = relative.join(name);
            if entry.is_dir {
                self.walk(&child, wanted, seen, found)?;
            } else if wanted(&name.to_string_lossy()) {
                found.push(child);
            }
        }
        Ok(())
    }
}
