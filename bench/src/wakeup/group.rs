//! Wake-up children run as any group does ([`crate::orchestrate::run_group`]): this says how
//! they are started and what they write back.

use super::spec::{WakeArgs, WakeOutput};
use crate::orchestrate::ChildSpec;

impl ChildSpec for WakeArgs {
    const SUBCOMMAND: &'static str = "wake-role";
    type Output = WakeOutput;
    fn wire(&mut self, control: String, out: String, budget_secs: f64) {
        self.control = control;
        self.out = out;
        self.budget_secs = budget_secs;
    }
    fn label(&self) -> String {
        format!("{:?}", self.role)
    }
}
