//! `oncoprofile schema`: the JSON Schema of the report.

use super::Global;
use oncoprofile::error::Error;

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_: Args, _: &Global) -> Result<i32, Error> {
    super::print(&oncoprofile::report::schema_json())
}
