using System;
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using Alonzo.Records;
using Alonzo.Streams;
using Alonzo.Validation;

namespace Alonzo.Commands.Records
{
    /// <summary>Writes pipeline input into a Kinesis stream, batched with PutRecords, and reports a summary.</summary>
    [Cmdlet(VerbsCommunications.Write, "AlonzoRecord", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = RandomKeySet)]
    [OutputType(typeof(AlonzoWriteSummary))]
    public sealed class WriteAlonzoRecordCommand : AlonzoCmdlet
    {
        private const string RandomKeySet = "RandomKey";
        private const string KeySet = "PartitionKey";
        private const string KeyPropertySet = "PartitionKeyProperty";

        private RecordWriter _writer;
        private bool _enabled;
        private bool _finished;
        private long _seen;
        private Stopwatch _progressClock;
        private int _progressId;

        /// <summary>The stream to write to.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [Alias("Name")]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(Completers.StreamNameCompleter))]
        public string StreamName { get; set; }

        /// <summary>A record: a string (UTF-8), a byte array (as is), or any object (compact JSON).</summary>
        [Parameter(Position = 1, ValueFromPipeline = true)]
        [AllowNull]
        [AllowEmptyString]
        [AllowEmptyCollection]
        public object InputObject { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = KeySet)]
        [AllowEmptyString]
        public string PartitionKey { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = KeyPropertySet)]
        [ValidateNotNullOrEmpty]
        public string PartitionKeyProperty { get; set; }

        [Parameter]
        public string ExplicitHashKey { get; set; }

        [Parameter]
        [ValidateRange(1, 64)]
        public int MaxInFlight { get; set; } = 4;

        [Parameter]
        [ValidateRange(1, 100)]
        public int MaxAttempts { get; set; } = 8;

        [Parameter]
        [ValidateRange(1, 86400)]
        public int TimeoutSec { get; set; } = (int)StreamOperations.DefaultTimeout.TotalSeconds;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            try
            {
                // Command-wide input is checked before anything else: one error, not one per record.
                NameRules.StreamName(StreamName, nameof(StreamName));
                if (ParameterSetName == KeySet) RecordRules.PartitionKey(PartitionKey, PartitionKey);
                RecordRules.ExplicitHashKey(ExplicitHashKey, ExplicitHashKey);
            }
            catch (AlonzoValidationException e)
            {
                ThrowTerminatingError(ErrorRecords.From(e, StreamName));
            }
            _enabled = ShouldProcess(StreamName, "Write records to Kinesis stream");
            if (!_enabled) return;
            _progressClock = Stopwatch.StartNew();
        }

        protected override void ProcessRecord()
        {
            if (!_enabled) return;
            foreach (var item in RecordInput.Items(InputObject, MyInvocation.ExpectingInput)) Write(item);
            ReportFailures();
            FlushPosted();
            ShowProgress(false);
        }

        protected override void EndProcessing()
        {
            if (!_enabled) return;
            var writer = Writer();
            AlonzoWriteSummary summary;
            try
            {
                summary = Run(ct => writer.CompleteAsync(ct));
            }
            catch (PipelineStoppedException)
            {
                throw;
            }
            catch (Exception e)
            {
                Stopped(e);
                return;
            }
            finally
            {
                _finished = true;
            }
            ReportFailures();
            ShowProgress(true);
            WriteObject(summary);
        }

        protected override void Dispose(bool disposing)
        {
            // A pipeline torn down early (an upstream error) must not leave calls running.
            if (disposing && !_finished) _writer?.Abort();
            base.Dispose(disposing);
        }

        private RecordWriter Writer()
        {
            if (_writer != null) return _writer;
            _writer = new RecordWriter(Context, new RecordWriterOptions { StreamName = StreamName, MaxInFlight = MaxInFlight, MaxAttempts = MaxAttempts });
            _writer.Info += PostVerbose;
            return _writer;
        }

        private void Write(object input)
        {
            _seen++;
            OutgoingRecord record;
            var writer = Writer();
            try
            {
                record = ToRecord(input);
                writer.Check(record);
            }
            catch (AlonzoValidationException e)
            {
                WriteError(ErrorRecords.From(e, input));
                return;
            }

            try
            {
                if (!writer.IsOpen)
                {
                    var progress = CreateProgress();
                    Run(ct => writer.OpenAsync(TimeSpan.FromSeconds(TimeoutSec), progress, ct));
                }
                if (!writer.TryAdd(record))
                    Run(ct => writer.AddAsync(record, ct)); // the queue is full: wait for room (back-pressure)
            }
            catch (AlonzoValidationException e)
            {
                // Over the stream's own record size (known once the stream was read).
                WriteError(ErrorRecords.From(e, input));
            }
            catch (PipelineStoppedException)
            {
                throw;
            }
            catch (Exception e)
            {
                Stopped(e);
            }
        }

        private OutgoingRecord ToRecord(object input)
        {
            byte[] data = RecordInput.Data(input);
            string key = null;
            switch (ParameterSetName)
            {
                case KeySet:
                    key = PartitionKey;
                    break;
                case KeyPropertySet:
                    key = RecordInput.KeyFromProperty(input, PartitionKeyProperty);
                    break;
            }
            return new OutgoingRecord(data, key, ExplicitHashKey, input);
        }

        private void ReportFailures()
        {
            if (_writer == null) return;
            while (_writer.TryGetFailure(out var failure))
                WriteError(ErrorRecords.From(failure.Error, failure.Record.Source));
        }

        /// <summary>The writer stopped (the stream is gone, access denied, ...): report what was not written, then stop the command.</summary>
        private void Stopped(Exception e)
        {
            _finished = true;
            _writer?.Abort();
            ReportFailures();
            ThrowTerminatingError(ErrorRecords.From(e, StreamName));
        }

        private void ShowProgress(bool completed)
        {
            if (_writer == null || _progressClock == null) return;
            if (!completed && _progressClock.ElapsedMilliseconds < 1000) return;
            _progressClock.Restart();
            if (_progressId == 0) _progressId = Math.Abs(GetHashCode() % 100000) + 1000;
            var s = _writer.Summary();
            var record = new ProgressRecord(_progressId, $"Writing records to stream '{StreamName}'",
                string.Format(CultureInfo.InvariantCulture, "{0:N0} received, {1:N0} written, {2:N0} failed ({3:N0} records/s)", _seen, s.Records, s.Failed, s.RecordsPerSecond));
            if (completed) record.RecordType = ProgressRecordType.Completed;
            WriteProgress(record);
        }
    }
}
