//! `etuus._etuus`: the native part of the `etuus` Python package. The
//! package's `__init__.py` wraps these functions with Python signatures,
//! dict conversion and pandas/Polars conveniences.
//!
//! Tables come in through the Arrow C stream interface (`__arrow_c_stream__`:
//! pyarrow, Polars, pandas via pyarrow) without copying their buffers; the
//! calculation runs with the GIL released, on as many threads as asked.

use std::sync::Arc;

use arrow_array::ffi_stream::RecordBatchStreamReader;
use arrow_array::RecordBatch;
use arrow_array::RecordBatchReader as _;
use arrow_pyarrow::{FromPyArrow, ToPyArrow};
use etuus_batch::input::BatchSource;
use etuus_batch::output::arrow::{schema, ArrowEncoder, IdType};
use etuus_batch::output::{Encoded, Encoder};
use etuus_batch::run::{run, ReadOptions, Sink};
use etuus_batch::{Batch, BatchError, BatchOptions, MonthSpec, Selection};
use etuus_engine::RuleSet;
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::PyList;

create_exception!(
    _etuus,
    EtuusError,
    PyException,
    "Base class of the errors etuus raises."
);
create_exception!(
    _etuus,
    InputError,
    EtuusError,
    "A household or month that cannot be calculated; `field` names the input at fault."
);
create_exception!(
    _etuus,
    UsageError,
    EtuusError,
    "An argument etuus cannot use: a result, variable, parameter or column it does not know."
);
create_exception!(
    _etuus,
    RulesError,
    EtuusError,
    "The rule set does not load (a bug in this build of etuus)."
);

fn rules() -> PyResult<&'static RuleSet> {
    etuus::rules().map_err(|d| RulesError::new_err(d.to_string()))
}

fn usage(e: BatchError) -> PyErr {
    UsageError::new_err(e.to_string())
}

/// The batch options from keyword arguments.
#[allow(clippy::too_many_arguments)]
fn batch(
    month: Option<&str>,
    months: Option<&str>,
    results: Option<Vec<String>>,
    values: Option<Vec<String>>,
    all_lines: bool,
    sets: Option<Vec<String>>,
    assume_latest: bool,
) -> PyResult<Batch<'static>> {
    let options = BatchOptions {
        selection: Selection {
            results: results.unwrap_or_default(),
            values: values.unwrap_or_default(),
            all_lines,
        },
        sets: sets.unwrap_or_default(),
        months: MonthSpec::parse(month, months).map_err(usage)?,
        assume_latest,
    };
    Batch::new(rules()?, &options).map_err(usage)
}

/// One household (JSON text) for one month: the output row as a JSON line.
#[pyfunction]
#[pyo3(signature = (household, month, results=None, values=None, all_lines=false, sets=None, assume_latest=false))]
#[allow(clippy::too_many_arguments)]
fn calculate_json(
    py: Python<'_>,
    household: &str,
    month: &str,
    results: Option<Vec<String>>,
    values: Option<Vec<String>>,
    all_lines: bool,
    sets: Option<Vec<String>>,
    assume_latest: bool,
) -> PyResult<String> {
    let batch = batch(
        Some(month),
        None,
        results,
        values,
        all_lines,
        sets,
        assume_latest,
    )?;
    if household.contains('\n') {
        return Err(InputError::new_err(
            "a household is one JSON object (no line breaks in its text)",
        ));
    }
    let (text, _) = py
        .detach(|| etuus_batch::run_lines(&batch, household))
        .map_err(usage)?;
    Ok(text)
}

/// A run's summary for Python: rows read, rows written, rows with an error, seconds.
type RunSummary = (u64, u64, u64, f64);

struct Collect(Vec<RecordBatch>);

impl Sink for Collect {
    fn write(&mut self, encoded: Encoded) -> Result<(), BatchError> {
        match encoded {
            Encoded::Batch(b) => {
                self.0.push(b);
                Ok(())
            }
            Encoded::Bytes(_) => Err(BatchError::Format("text for an Arrow output".into())),
        }
    }
}

/// Households in an Arrow table (anything with `__arrow_c_stream__`): one
/// row per household, month and scenario, as a `pyarrow.Table`, with the
/// run's summary (rows, outputs, errors, seconds).
#[pyfunction]
#[pyo3(signature = (data, month=None, months=None, results=None, values=None, all_lines=false, sets=None, assume_latest=false, ignore=None, jobs=1))]
#[allow(clippy::too_many_arguments)]
fn calculate_arrow<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    month: Option<&str>,
    months: Option<&str>,
    results: Option<Vec<String>>,
    values: Option<Vec<String>>,
    all_lines: bool,
    sets: Option<Vec<String>>,
    assume_latest: bool,
    ignore: Option<Vec<String>>,
    jobs: usize,
) -> PyResult<(Bound<'py, PyAny>, RunSummary)> {
    let batch = batch(
        month,
        months,
        results,
        values,
        all_lines,
        sets,
        assume_latest,
    )?;
    // Importing the stream shares the table's buffers; nothing is copied.
    let reader = RecordBatchStreamReader::from_pyarrow_bound(data)?;
    let input_schema = reader.schema();
    let batches: Vec<RecordBatch> = reader
        .collect::<Result<_, _>>()
        .map_err(|e| InputError::new_err(format!("reading the table: {e}")))?;
    let id_type = match input_schema.field_with_name("id") {
        Ok(f) if f.data_type().is_integer() => IdType::Int,
        _ => IdType::Text,
    };
    let read = ReadOptions {
        csv: None,
        ignore: ignore.unwrap_or_default(),
    };
    let total: u64 = batches.iter().map(|b| b.num_rows() as u64).sum();
    let (collected, summary) = py
        .detach(|| {
            let source = BatchSource::new(batches.into_iter().map(Ok), Some(total));
            let mut sink = Collect(Vec::new());
            let encoder =
                || -> Box<dyn Encoder + '_> { Box::new(ArrowEncoder::new(&batch, id_type)) };
            run(
                &batch,
                &read,
                Box::new(source),
                &mut sink,
                &encoder,
                jobs.max(1),
                &|_| {},
            )
            .map(|summary| (sink.0, summary))
        })
        .map_err(usage)?;
    let out_schema = schema(&batch, id_type);
    let pyarrow = py.import("pyarrow")?;
    let list = PyList::empty(py);
    for b in &collected {
        list.append(b.to_pyarrow(py)?)?;
    }
    let table = pyarrow.getattr("Table")?.call_method1(
        "from_batches",
        (list, Arc::clone(&out_schema).to_pyarrow(py)?),
    )?;
    Ok((
        table,
        (
            summary.rows,
            summary.outputs,
            summary.errors,
            summary.seconds,
        ),
    ))
}

/// The `pyarrow.Schema` of the rows `calculate_arrow` returns for these options.
#[pyfunction]
#[pyo3(signature = (results=None, values=None, all_lines=false, sets=None, int_ids=false))]
fn output_schema<'py>(
    py: Python<'py>,
    results: Option<Vec<String>>,
    values: Option<Vec<String>>,
    all_lines: bool,
    sets: Option<Vec<String>>,
    int_ids: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let batch = batch(None, None, results, values, all_lines, sets, false)?;
    let id_type = if int_ids { IdType::Int } else { IdType::Text };
    schema(&batch, id_type).to_pyarrow(py)
}

/// The JSON Schema of household files, as JSON text.
#[pyfunction]
#[pyo3(signature = (lang="en"))]
fn household_schema(lang: &str) -> PyResult<String> {
    let program = rules()?.program();
    let lang = program
        .language(lang)
        .ok_or_else(|| UsageError::new_err(format!("no language `{lang}`")))?;
    Ok(etuus_engine::output::household_schema(program, lang).to_json())
}

/// The column layout of batch input and output, as text.
#[pyfunction]
#[pyo3(signature = (lang="en"))]
fn columns(lang: &str) -> PyResult<String> {
    let program = rules()?.program();
    let lang = program
        .language(lang)
        .ok_or_else(|| UsageError::new_err(format!("no language `{lang}`")))?;
    Ok(etuus_batch::columns_doc::columns_text(program, lang))
}

/// What calculates: engine, rules and their hash, as JSON text.
#[pyfunction]
fn receipt() -> PyResult<String> {
    let program = rules()?.program();
    let mut receipt = etuus_engine::output::result::receipt(program);
    if let etuus_engine::output::Out::Map(entries) = &mut receipt {
        entries.push((
            "covers".into(),
            etuus_engine::output::Out::str(format!(
                "{} … {}",
                program.info.first_month, program.info.last_month
            )),
        ));
    }
    Ok(receipt.to_json())
}

/// The results (name, English label) and which are calculated by default.
#[pyfunction]
fn result_names() -> PyResult<Vec<(String, String, bool)>> {
    let program = rules()?.program();
    let lang = program.message_language();
    Ok(program
        .results
        .iter()
        .enumerate()
        .map(|(i, r)| {
            (
                r.name.clone(),
                r.labels.get(lang).to_string(),
                program.default_results.iter().any(|d| d.index() == i),
            )
        })
        .collect())
}

/// The native module.
#[pymodule]
fn _etuus(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("EtuusError", py.get_type::<EtuusError>())?;
    m.add("InputError", py.get_type::<InputError>())?;
    m.add("UsageError", py.get_type::<UsageError>())?;
    m.add("RulesError", py.get_type::<RulesError>())?;
    m.add_function(wrap_pyfunction!(calculate_json, m)?)?;
    m.add_function(wrap_pyfunction!(calculate_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(output_schema, m)?)?;
    m.add_function(wrap_pyfunction!(household_schema, m)?)?;
    m.add_function(wrap_pyfunction!(columns, m)?)?;
    m.add_function(wrap_pyfunction!(receipt, m)?)?;
    m.add_function(wrap_pyfunction!(result_names, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
