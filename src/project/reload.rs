//! Reading one briefing again after its files changed (`serve`): a file
//! read back with the same text keeps its id, so what was parsed from it
//! can be used again.

use std::collections::HashMap;
use std::path::Path;

use anyhow::Result;

use super::Project;

impl Project {
    /// Reads the briefing `id` again after its files changed, or forgets
    /// it when its directory is gone; its problems go to `diagnostics`.
    /// The files it was read from before stay in the source map.
    pub fn reload_briefing(&mut self, id: &str) -> Result<()> {
        let mut reread = HashMap::new();
        for old in self.briefings.iter().filter(|b| b.id == id) {
            for file in old.own_files() {
                reread.insert(self.sources.path(file).to_path_buf(), file);
            }
        }
        self.briefings.retain(|b| b.id != id);
        self.reread = reread;
        let added = if self.files.is_dir(&Path::new("briefings").join(id)) {
            self.add_briefing(id).map(|()| {
                self.briefings.sort_by(|a, b| a.id.cmp(&b.id));
            })
        } else {
            Ok(())
        };
        self.reread.clear();
        added
    }
}
