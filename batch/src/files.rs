//! Running a batch from a file (or standard input) to a file (or standard
//! output), in the format each one's extension or the caller names.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use crate::compute::Batch;
use crate::error::BatchError;
use crate::input::columns::ColumnPlan;
use crate::input::{CsvSource, LinesSource, Source};
use crate::output::arrow::{ArrowEncoder, IdType};
use crate::output::csv::CsvEncoder;
use crate::output::jsonl::JsonlEncoder;
use crate::output::{Encoded, Encoder};
use crate::run::{run, Progress, ReadOptions, Sink, Summary};

/// A file format of households in or rows out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JSON lines (`.jsonl`, `.ndjson`).
    Jsonl,
    /// CSV with a header, in the flat convention (`.csv`).
    Csv,
    /// Parquet (`.parquet`).
    Parquet,
}

impl Format {
    /// The format a file's extension names.
    pub fn of_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "jsonl" | "ndjson" | "json" => Some(Format::Jsonl),
            "csv" => Some(Format::Csv),
            "parquet" | "pq" => Some(Format::Parquet),
            _ => None,
        }
    }

    /// The format by name: `jsonl`, `csv` or `parquet`.
    pub fn named(name: &str) -> Option<Format> {
        match name {
            "jsonl" | "ndjson" | "json" => Some(Format::Jsonl),
            "csv" => Some(Format::Csv),
            "parquet" => Some(Format::Parquet),
            _ => None,
        }
    }
}

/// A batch run between files.
#[derive(Debug, Clone)]
pub struct FileJob {
    /// The input file; `None` reads standard input.
    pub input: Option<PathBuf>,
    /// The input's format.
    pub input_format: Format,
    /// The output file; `None` writes standard output.
    pub output: Option<PathBuf>,
    /// The output's format.
    pub output_format: Format,
    /// Worker threads.
    pub jobs: usize,
    /// Input columns to skip.
    pub ignore: Vec<String>,
    /// Member positions in CSV output when the input is not CSV.
    pub members: usize,
}

fn input_name(path: Option<&Path>) -> String {
    path.map_or_else(|| "standard input".to_string(), |p| p.display().to_string())
}

fn open_input(path: Option<&Path>) -> Result<(Box<dyn Read + Send>, Option<u64>), BatchError> {
    match path {
        None => Ok((Box::new(std::io::stdin()), None)),
        Some(p) => {
            let file = File::open(p).map_err(|e| BatchError::io(p.display().to_string(), e))?;
            let size = file.metadata().ok().map(|m| m.len());
            Ok((
                Box::new(std::io::BufReader::with_capacity(1 << 20, file)),
                size,
            ))
        }
    }
}

fn open_output(path: Option<&Path>) -> Result<Box<dyn Write + Send>, BatchError> {
    match path {
        None => Ok(Box::new(BufWriter::with_capacity(
            1 << 20,
            std::io::stdout(),
        ))),
        Some(p) => {
            let file = File::create(p).map_err(|e| BatchError::io(p.display().to_string(), e))?;
            Ok(Box::new(BufWriter::with_capacity(1 << 20, file)))
        }
    }
}

/// Writes encoded text to a writer.
pub struct TextSink {
    out: Box<dyn Write + Send>,
    name: String,
}

impl TextSink {
    /// A sink writing to `out`, after `header` (the CSV header line).
    pub fn new(
        mut out: Box<dyn Write + Send>,
        name: impl Into<String>,
        header: Option<&[String]>,
    ) -> Result<TextSink, BatchError> {
        let name = name.into();
        if let Some(header) = header {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(header)
                .map_err(|e| BatchError::Format(format!("the CSV header: {e}")))?;
            let bytes = w
                .into_inner()
                .map_err(|e| BatchError::Format(format!("the CSV header: {e}")))?;
            out.write_all(&bytes)
                .map_err(|e| BatchError::io(&name, e))?;
        }
        Ok(TextSink { out, name })
    }

    /// Flushes the output.
    pub fn finish(mut self) -> Result<(), BatchError> {
        self.out.flush().map_err(|e| BatchError::io(&self.name, e))
    }
}

impl Sink for TextSink {
    fn write(&mut self, encoded: Encoded) -> Result<(), BatchError> {
        match encoded {
            Encoded::Bytes(bytes) => self
                .out
                .write_all(&bytes)
                .map_err(|e| BatchError::io(&self.name, e)),
            Encoded::Batch(_) => Err(BatchError::Format(
                "a record batch for a text output".into(),
            )),
        }
    }
}

/// Runs `batch` from `job.input` to `job.output`.
pub fn run_files<'b>(
    batch: &'b Batch<'_>,
    job: &FileJob,
    progress: &dyn Fn(&Progress),
) -> Result<Summary, BatchError> {
    let program = batch.program();
    let name = input_name(job.input.as_deref());
    let mut read = ReadOptions {
        csv: None,
        ignore: job.ignore.clone(),
    };
    let mut id_type = IdType::Text;
    let source: Box<dyn Source> = match job.input_format {
        Format::Jsonl => {
            let (reader, size) = open_input(job.input.as_deref())?;
            Box::new(LinesSource::new(reader, &name, size))
        }
        Format::Csv => {
            let (reader, size) = open_input(job.input.as_deref())?;
            let (source, header) = CsvSource::new(reader, &name, size)?;
            read.csv = Some(ColumnPlan::new(program, &header, &[], &job.ignore)?);
            Box::new(source)
        }
        Format::Parquet => {
            let path = job.input.as_deref().ok_or_else(|| {
                BatchError::Usage("Parquet input must be a file, not standard input".into())
            })?;
            let (source, ints) = parquet_io::source(path)?;
            if ints {
                id_type = IdType::Int;
            }
            source
        }
    };
    // CSV out has a column per member position: as many as CSV input has,
    // else `job.members`.
    let widths: Vec<usize> = batch
        .layout
        .members
        .iter()
        .map(|g| {
            read.csv
                .as_ref()
                .and_then(|plan| {
                    plan.widths(program)
                        .into_iter()
                        .find(|(e, _)| *e == g.entity)
                        .map(|(_, w)| w)
                })
                .filter(|&w| w > 0)
                .unwrap_or(job.members)
        })
        .collect();
    let out_name = job.output.as_ref().map_or_else(
        || "standard output".to_string(),
        |p| p.display().to_string(),
    );
    let encoder: Box<dyn Fn() -> Box<dyn Encoder + 'b> + Sync + 'b> = match job.output_format {
        Format::Jsonl => Box::new(|| Box::new(JsonlEncoder::new(batch))),
        Format::Csv => {
            let widths = widths.clone();
            Box::new(move || Box::new(CsvEncoder::new(batch, &widths)))
        }
        Format::Parquet => Box::new(move || Box::new(ArrowEncoder::new(batch, id_type))),
    };
    match job.output_format {
        Format::Jsonl | Format::Csv => {
            let header = (job.output_format == Format::Csv)
                .then(|| crate::output::csv::header(batch, &widths));
            let mut sink = TextSink::new(
                open_output(job.output.as_deref())?,
                out_name,
                header.as_deref(),
            )?;
            let summary = run(
                batch, &read, source, &mut sink, &*encoder, job.jobs, progress,
            )?;
            sink.finish()?;
            Ok(summary)
        }
        Format::Parquet => {
            let out = open_output(job.output.as_deref())?;
            let schema = crate::output::arrow::schema(batch, id_type);
            let mut sink = parquet_io::ParquetSink::new(out, schema, out_name)?;
            let summary = run(
                batch, &read, source, &mut sink, &*encoder, job.jobs, progress,
            )?;
            sink.finish()?;
            Ok(summary)
        }
    }
}

#[cfg(feature = "parquet")]
mod parquet_io {
    //! Parquet files through the `parquet` crate's Arrow reader and writer.

    use std::io::Write;
    use std::path::Path;

    use arrow_schema::{DataType, SchemaRef};
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    use parquet::arrow::ArrowWriter;
    use parquet::basic::Compression;
    use parquet::file::properties::WriterProperties;

    use crate::error::BatchError;
    use crate::input::{BatchSource, Source};
    use crate::output::Encoded;
    use crate::run::Sink;

    /// Rows per record batch read.
    const BATCH_ROWS: usize = 4096;

    /// A source over a Parquet file, and whether its `id` column is integers.
    pub fn source(path: &Path) -> Result<(Box<dyn Source>, bool), BatchError> {
        let name = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|e| BatchError::io(name.clone(), e))?;
        let builder = ParquetRecordBatchReaderBuilder::try_new(file)
            .map_err(|e| BatchError::Format(format!("{name}: not a readable Parquet file: {e}")))?;
        let rows = u64::try_from(builder.metadata().file_metadata().num_rows()).ok();
        let ints = builder
            .schema()
            .field_with_name("id")
            .is_ok_and(|f| f.data_type().is_integer());
        let reader = builder
            .with_batch_size(BATCH_ROWS)
            .build()
            .map_err(|e| BatchError::Format(format!("{name}: {e}")))?;
        let batches =
            reader.map(move |b| b.map_err(|e| BatchError::Format(format!("{name}: {e}"))));
        Ok((Box::new(BatchSource::new(batches, rows)), ints))
    }

    /// Writes record batches to a Parquet file.
    pub struct ParquetSink {
        writer: ArrowWriter<Box<dyn Write + Send>>,
        name: String,
    }

    impl ParquetSink {
        /// A Parquet writer of `schema` to `out`.
        pub fn new(
            out: Box<dyn Write + Send>,
            schema: SchemaRef,
            name: String,
        ) -> Result<ParquetSink, BatchError> {
            let props = WriterProperties::builder()
                .set_compression(Compression::SNAPPY)
                .build();
            let writer = ArrowWriter::try_new(out, schema, Some(props))
                .map_err(|e| BatchError::Format(format!("{name}: {e}")))?;
            Ok(ParquetSink { writer, name })
        }

        /// Writes the file's footer.
        pub fn finish(self) -> Result<(), BatchError> {
            let name = self.name;
            let mut out = self
                .writer
                .into_inner()
                .map_err(|e| BatchError::Format(format!("{name}: {e}")))?;
            out.flush().map_err(|e| BatchError::io(name, e))
        }
    }

    impl Sink for ParquetSink {
        fn write(&mut self, encoded: Encoded) -> Result<(), BatchError> {
            match encoded {
                Encoded::Batch(batch) => self
                    .writer
                    .write(&batch)
                    .map_err(|e| BatchError::Format(format!("{}: {e}", self.name))),
                Encoded::Bytes(_) => Err(BatchError::Format("text for a Parquet output".into())),
            }
        }
    }

    #[allow(dead_code)]
    fn _types(_: DataType) {}
}

#[cfg(not(feature = "parquet"))]
mod parquet_io {
    //! Without the `parquet` feature: Parquet is refused.

    use std::io::Write;
    use std::path::Path;

    use arrow_schema::SchemaRef;

    use crate::error::BatchError;
    use crate::input::Source;
    use crate::output::Encoded;
    use crate::run::Sink;

    fn refused() -> BatchError {
        BatchError::Usage("this build of etuus has no Parquet support".into())
    }

    pub fn source(_: &Path) -> Result<(Box<dyn Source>, bool), BatchError> {
        Err(refused())
    }

    pub struct ParquetSink;

    impl ParquetSink {
        pub fn new(
            _: Box<dyn Write + Send>,
            _: SchemaRef,
            _: String,
        ) -> Result<ParquetSink, BatchError> {
            Err(refused())
        }
        pub fn finish(self) -> Result<(), BatchError> {
            Err(refused())
        }
    }

    impl Sink for ParquetSink {
        fn write(&mut self, _: Encoded) -> Result<(), BatchError> {
            Err(refused())
        }
    }
}
