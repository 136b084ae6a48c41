using System;
using System.Management.Automation;
using Alonzo.Json;
using Alonzo.Records;
using Alonzo.Validation;

namespace Alonzo.Commands.Records
{
    /// <summary>Reads the records of a Kinesis stream, every shard, parents before children.</summary>
    [Cmdlet(VerbsCommunications.Read, "AlonzoRecord", DefaultParameterSetName = RecordSet)]
    [OutputType(typeof(AlonzoRecord), ParameterSetName = new[] { RecordSet })]
    [OutputType(typeof(string), ParameterSetName = new[] { StringSet })]
    [OutputType(typeof(PSObject), ParameterSetName = new[] { ObjectSet })]
    public sealed class ReadAlonzoRecordCommand : AlonzoCmdlet
    {
        private const string RecordSet = "Record";
        private const string StringSet = "AsString";
        private const string ObjectSet = "AsObject";

        private RecordReader _reader;
        private long _written;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(Completers.StreamNameCompleter))]
        public string StreamName { get; set; }

        // A string, not the engine's ReadStart enum: a value-type field of an engine type would have to
        // load the engine while PowerShell scans the cmdlets, before the module's resolver is in place.
        [Parameter]
        [ValidateSet("TrimHorizon", "Latest", "AtTimestamp")]
        public string From { get; set; } = "TrimHorizon";

        [Parameter]
        public DateTime Since { get; set; }

        [Parameter]
        [ValidateRange(1, long.MaxValue)]
        public long First { get; set; }

        [Parameter]
        public SwitchParameter Follow { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = StringSet)]
        public SwitchParameter AsString { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ObjectSet)]
        public SwitchParameter AsObject { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] ShardId { get; set; }

        [Parameter]
        [ValidateRange(1, RecordRules.GetRecordsMaxLimit)]
        public int Limit { get; set; } = RecordRules.GetRecordsMaxLimit;

        private ReadStart Start => (ReadStart)Enum.Parse(typeof(ReadStart), From, true);

        private bool HasSince => IsBound(nameof(Since));

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            bool fromGiven = IsBound(nameof(From));
            if (Start == ReadStart.AtTimestamp && !HasSince)
                ThrowParameterError("MissingSince", "-From AtTimestamp needs -Since: the arrival time of the first record to read.", From);
            if (HasSince && fromGiven && Start != ReadStart.AtTimestamp)
                ThrowParameterError("ConflictingStart", $"-Since reads from a point in time; it cannot be combined with -From {From}.", From);
        }

        protected override void ProcessRecord()
        {
            if (Done) return; // -First was reached with an earlier stream name
            TryProcess(StreamName, () =>
            {
                NameRules.StreamName(StreamName, nameof(StreamName));
                var reader = new RecordReader(Context, new RecordReaderOptions
                {
                    StreamName = StreamName,
                    From = HasSince ? ReadStart.AtTimestamp : Start,
                    Since = HasSince ? Since : (DateTime?)null,
                    ShardIds = ShardId,
                    Follow = Follow,
                    Limit = Limit,
                });
                reader.Info += PostVerbose;
                _reader = reader;
                try
                {
                    Run(ct => reader.StartAsync(ct));
                    while (true)
                    {
                        var batch = Run(ct => reader.ReadBatchAsync(ct));
                        if (batch == null) break;
                        foreach (var record in batch)
                        {
                            Emit(record);
                            if (Done) return;
                        }
                    }
                }
                finally
                {
                    reader.Stop();
                    _reader = null;
                }
            });
        }

        protected override void Dispose(bool disposing)
        {
            // Select-Object -First and the like end the pipeline without StopProcessing: stop polling here.
            if (disposing) _reader?.Stop();
            base.Dispose(disposing);
        }

        private bool Done => IsBound(nameof(First)) && _written >= First;

        private void Emit(AlonzoRecord record)
        {
            if (AsString)
            {
                if (record.Text == null)
                {
                    WriteError(ErrorRecords.From(new AlonzoOperationException("RecordNotText", FailureKind.InvalidArgument,
                        $"The record {record.SequenceNumber} of {record.ShardId} is not UTF-8 text ({record.Data.Length} bytes).",
                        "Read it without -AsString; the Data property has its bytes."), record));
                    return;
                }
                WriteObject(record.Text);
            }
            else if (AsObject)
            {
                if (!JsonValues.TryParse(record.Data, out var value))
                {
                    WriteError(ErrorRecords.From(new AlonzoOperationException("RecordNotJson", FailureKind.InvalidArgument,
                        $"The record {record.SequenceNumber} of {record.ShardId} is not JSON: '{Shorten(record.Text)}'.",
                        "Read it without -AsObject; the Text and Data properties have its contents."), record));
                    return;
                }
                WriteObject(PowerShellValues.ToPowerShell(value), false);
            }
            else
            {
                WriteObject(record);
            }
            _written++;
        }

        private static string Shorten(string text) => text == null ? "(binary)" : text.Length <= 40 ? text : text.Substring(0, 37) + "...";
    }
}
