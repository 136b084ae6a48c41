using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Mappings;
using Alonzo.Records;
using Alonzo.Sessions;

namespace Alonzo.Local
{
    /// <summary>How a local stream mapping reads and retries: the settings of a Lambda event source mapping.</summary>
    public sealed class LocalMappingOptions
    {
        public string StreamName { get; set; }
        /// <summary>TRIM_HORIZON, LATEST or AT_TIMESTAMP (with StartingPositionTimestamp).</summary>
        public string StartingPosition { get; set; } = "TRIM_HORIZON";
        public DateTime? StartingPositionTimestamp { get; set; }
        public int BatchSize { get; set; } = KinesisEvents.DefaultBatchSize;
        public int MaximumBatchingWindowInSeconds { get; set; }
        /// <summary>-1 retries until the records expire, as Lambda's default does.</summary>
        public int MaximumRetryAttempts { get; set; } = -1;
        public bool BisectBatchOnFunctionError { get; set; }
        /// <summary>FunctionResponseTypes ReportBatchItemFailures: the reply's batchItemFailures move the checkpoint.</summary>
        public bool ReportBatchItemFailures { get; set; }
        /// <summary>-1 for no limit; otherwise records older than this many seconds are discarded.</summary>
        public int MaximumRecordAgeInSeconds { get; set; } = -1;
        /// <summary>Keep polling for new records until stopped, instead of stopping once every shard is caught up.</summary>
        public bool Follow { get; set; }
        /// <summary>The function's execution role, which Lambda puts into every record as invokeIdentityArn.</summary>
        public string InvokeIdentityArn { get; set; }
        /// <summary>The wait before the first retry of a failed batch; it doubles with each retry, up to MaxRetryDelay.</summary>
        public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);
        public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);
        /// <summary>How often a caught-up shard is polled (Lambda: about once a second).</summary>
        public TimeSpan IdlePollInterval { get; set; } = TimeSpan.FromSeconds(1);
        public TimeSpan MinCallInterval { get; set; } = TimeSpan.FromMilliseconds(200);

        /// <summary>
        /// Takes the settings of the deployed mapping that the caller did not give (named as the
        /// Invoke-AlonzoFunction parameters), so the local run behaves as the function's own mapping.
        /// </summary>
        public void AdoptDeployedMapping(AlonzoEventMapping mapping, Func<string, bool> given)
        {
            if (!given("BatchSize") && mapping.BatchSize.HasValue) BatchSize = mapping.BatchSize.Value;
            if (!given("MaximumBatchingWindowSeconds") && mapping.MaximumBatchingWindowInSeconds.HasValue) MaximumBatchingWindowInSeconds = mapping.MaximumBatchingWindowInSeconds.Value;
            if (!given("StartingPosition") && !given("StartingPositionTimestamp") && !string.IsNullOrEmpty(mapping.StartingPosition))
            {
                StartingPosition = mapping.StartingPosition;
                StartingPositionTimestamp = mapping.StartingPositionTimestamp;
            }
            if (!given("MaximumRetryAttempts") && mapping.MaximumRetryAttempts.HasValue) MaximumRetryAttempts = mapping.MaximumRetryAttempts.Value;
            if (!given("BisectBatchOnFunctionError") && mapping.BisectBatchOnFunctionError.HasValue) BisectBatchOnFunctionError = mapping.BisectBatchOnFunctionError.Value;
            if (!given("ReportBatchItemFailures")) ReportBatchItemFailures = mapping.FunctionResponseTypes.Contains("ReportBatchItemFailures");
            if (!given("MaximumRecordAgeSeconds") && mapping.MaximumRecordAgeInSeconds.HasValue) MaximumRecordAgeInSeconds = mapping.MaximumRecordAgeInSeconds.Value;
        }

        /// <summary>The limits Lambda puts on a mapping's settings (same rules and error ids as Add-AlonzoEventMapping).</summary>
        public void Validate(string functionName)
        {
            new EventMappingSpec
            {
                FunctionName = functionName,
                StreamName = StreamName,
                StartingPosition = StartingPosition,
                StartingPositionTimestamp = StartingPositionTimestamp,
                BatchSize = BatchSize,
                MaximumBatchingWindowInSeconds = MaximumBatchingWindowInSeconds,
                MaximumRetryAttempts = MaximumRetryAttempts,
                MaximumRecordAgeInSeconds = MaximumRecordAgeInSeconds,
            }.Validate();
        }
    }

    /// <summary>
    /// An event source mapping on this machine: polls every shard of a stream (parents before children)
    /// and invokes a local function as Lambda's poller does. Each shard has one batch in flight at a
    /// time and its records go out in order; a batch is cut at BatchSize records or 6 MB, or sent
    /// earlier when the batching window ends. A failed batch blocks its shard: it is retried (with
    /// MaximumRetryAttempts, after a growing pause), bisected first when BisectBatchOnFunctionError is
    /// on (a split does not count as a retry), and discarded once the retries are used up. With
    /// ReportBatchItemFailures, a reply's batchItemFailures checkpoint before the lowest listed sequence
    /// number and the rest is retried; an invalid list fails the whole batch, as on Lambda.
    /// </summary>
    public sealed class LocalStreamMapping
    {
        private readonly AlonzoContext _context;
        private readonly LocalFunction _function;
        private readonly LocalMappingOptions _options;
        private readonly ConcurrentDictionary<string, ShardQueue> _shards = new ConcurrentDictionary<string, ShardQueue>(StringComparer.Ordinal);
        private KinesisEventSource _source;
        private long _invocations, _succeeded, _discarded;

        public LocalStreamMapping(AlonzoContext context, LocalFunction function, LocalMappingOptions options)
        {
            _context = context ?? throw new ArgumentNullException(nameof(context));
            _function = function ?? throw new ArgumentNullException(nameof(function));
            _options = options ?? throw new ArgumentNullException(nameof(options));
            options.Validate(function.Settings.FunctionName);
        }

        /// <summary>Raised for every invocation, with its Batch filled in, from the shard's own thread.</summary>
        public event Action<AlonzoInvocation> Invoked;
        public event Action<string> Info;
        public event Action<string> Warning;

        public long Invocations => Interlocked.Read(ref _invocations);
        public long RecordsSucceeded => Interlocked.Read(ref _succeeded);
        public long RecordsDiscarded => Interlocked.Read(ref _discarded);

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            var operations = new EventMappingOperations(_context);
            string arn = (await operations.ResolveSourceArnAsync(new EventMappingSpec { StreamName = _options.StreamName }, null, cancellationToken).ConfigureAwait(false)).Value;
            _source = KinesisEventSource.ForArn(arn, _options.InvokeIdentityArn);
            var from = _options.StartingPosition == "LATEST" ? ReadStart.Latest : _options.StartingPosition == "AT_TIMESTAMP" ? ReadStart.AtTimestamp : ReadStart.TrimHorizon;
            var reader = new RecordReader(_context, new RecordReaderOptions
            {
                StreamName = _options.StreamName,
                From = from,
                Since = from == ReadStart.AtTimestamp ? _options.StartingPositionTimestamp : null,
                Follow = _options.Follow,
                IdlePollInterval = _options.IdlePollInterval,
                MinCallInterval = _options.MinCallInterval,
            }, SinkAsync);
            reader.Info += m => Info?.Invoke(m);
            Info?.Invoke($"Mapping stream '{_options.StreamName}' to the local function '{_function.Settings.FunctionName}': batches of up to {_options.BatchSize} records" +
                         (_options.MaximumBatchingWindowInSeconds > 0 ? $" or {_options.MaximumBatchingWindowInSeconds} s" : "") +
                         $", from {_options.StartingPosition}, retries {(_options.MaximumRetryAttempts < 0 ? "until the records expire" : _options.MaximumRetryAttempts.ToString(CultureInfo.InvariantCulture))}" +
                         (_options.BisectBatchOnFunctionError ? ", bisecting failed batches" : "") + (_options.ReportBatchItemFailures ? ", reading batch item failures" : "") + ".");
            await reader.RunAsync(cancellationToken).ConfigureAwait(false);
        }

        private async Task SinkAsync(ShardRead read, CancellationToken cancellationToken)
        {
            var queue = _shards.GetOrAdd(read.ShardId, _ => new ShardQueue());
            foreach (var record in read.Records)
            {
                if (queue.Records.Count == 0) queue.Since = DateTime.UtcNow;
                queue.Records.Add(record);
                queue.Json.Add(KinesisEvents.SerializeRecord(_source, record));
            }
            var window = TimeSpan.FromSeconds(_options.MaximumBatchingWindowInSeconds);
            while (queue.Records.Count > 0)
            {
                int fit = KinesisEvents.FitCount(queue.Json, _options.BatchSize);
                bool full = fit == _options.BatchSize || fit < queue.Records.Count;
                bool due = window == TimeSpan.Zero || read.Final || DateTime.UtcNow - queue.Since >= window;
                if (!full && !due) return; // the batching window is still open
                var records = queue.Records.GetRange(0, fit);
                var json = queue.Json.GetRange(0, fit);
                queue.Records.RemoveRange(0, fit);
                queue.Json.RemoveRange(0, fit);
                queue.Since = DateTime.UtcNow;
                await ProcessAsync(read.ShardId, records, json, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Invokes the function with one batch until the mapping is done with it: succeeded, or discarded.</summary>
        private async Task ProcessAsync(string shardId, List<AlonzoRecord> records, List<byte[]> json, CancellationToken cancellationToken)
        {
            var work = new Stack<Attempt>();
            work.Push(new Attempt(records, json, 0));
            while (work.Count > 0)
            {
                var attempt = DropExpired(shardId, work.Pop());
                if (attempt.Records.Count == 0) continue;
                var e = KinesisEvents.Assemble(_source, attempt.Records, attempt.Json);
                var invocation = await _function.InvokeAsync(e.JsonBytes, cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _invocations);
                var batch = new AlonzoLocalBatch
                {
                    StreamName = _options.StreamName,
                    ShardId = shardId,
                    RecordCount = e.Count,
                    FirstSequenceNumber = e.FirstSequenceNumber,
                    LastSequenceNumber = e.LastSequenceNumber,
                    Attempt = attempt.Retries + 1,
                };
                invocation.Batch = batch;

                int failedFrom = -1;
                bool failed = !invocation.Succeeded;
                if (!failed && _options.ReportBatchItemFailures)
                {
                    string problem = ItemFailures(invocation.Payload, attempt.Records, batch, out failedFrom);
                    if (problem != null)
                    {
                        failed = true;
                        Warning?.Invoke($"The reply of invocation {invocation.RequestId} lists batch item failures Lambda cannot use ({problem}); the whole batch counts as failed, as on Lambda.");
                    }
                }

                Attempt retry = null;
                if (!failed && failedFrom < 0)
                {
                    batch.Outcome = "Succeeded";
                    Interlocked.Add(ref _succeeded, attempt.Records.Count);
                }
                else if (!failed)
                {
                    batch.Outcome = "PartiallySucceeded";
                    batch.RetryFromSequenceNumber = attempt.Records[failedFrom].SequenceNumber;
                    Interlocked.Add(ref _succeeded, failedFrom);
                    retry = attempt.Retry(failedFrom);
                }
                else if (_options.BisectBatchOnFunctionError && attempt.Records.Count > 1)
                {
                    batch.Outcome = "Bisected";
                    int half = attempt.Records.Count / 2;
                    work.Push(attempt.Slice(half, attempt.Records.Count - half, attempt.Retries));
                    work.Push(attempt.Slice(0, half, attempt.Retries));
                }
                else
                {
                    batch.Outcome = "Retrying";
                    retry = attempt.Retry(0);
                }

                if (retry != null && _options.MaximumRetryAttempts >= 0 && attempt.Retries >= _options.MaximumRetryAttempts)
                {
                    if (batch.Outcome == "Retrying") batch.Outcome = "Discarded";
                    Interlocked.Add(ref _discarded, retry.Records.Count);
                    Warning?.Invoke($"Discarded {retry.Records.Count} record(s) of {shardId} ({retry.Records[0].SequenceNumber} to {retry.Records[retry.Records.Count - 1].SequenceNumber}) after {attempt.Retries} retr{(attempt.Retries == 1 ? "y" : "ies")}, as the mapping would (MaximumRetryAttempts {_options.MaximumRetryAttempts}); the shard goes on with the next records.");
                    retry = null;
                }
                Invoked?.Invoke(invocation);
                if (retry != null)
                {
                    var delay = TimeSpan.FromMilliseconds(Math.Min(_options.MaxRetryDelay.TotalMilliseconds, _options.RetryDelay.TotalMilliseconds * Math.Pow(2, attempt.Retries)));
                    if (delay > TimeSpan.Zero) await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                    work.Push(retry);
                }
            }
        }

        /// <summary>MaximumRecordAgeInSeconds: records older than that are discarded instead of invoked.</summary>
        private Attempt DropExpired(string shardId, Attempt attempt)
        {
            if (_options.MaximumRecordAgeInSeconds < 0) return attempt;
            var oldest = DateTime.UtcNow - TimeSpan.FromSeconds(_options.MaximumRecordAgeInSeconds);
            int expired = attempt.Records.TakeWhile(r => r.ApproximateArrivalTimestamp.HasValue && r.ApproximateArrivalTimestamp.Value.ToUniversalTime() < oldest).Count();
            if (expired == 0) return attempt;
            Interlocked.Add(ref _discarded, expired);
            Warning?.Invoke($"Discarded {expired} record(s) of {shardId} older than {_options.MaximumRecordAgeInSeconds} s (MaximumRecordAgeInSeconds), as the mapping would.");
            return attempt.Slice(expired, attempt.Records.Count - expired, attempt.Retries);
        }

        /// <summary>
        /// Reads a reply's batchItemFailures: null when the reply is usable, with the index of the first
        /// record to retry (-1: none failed); otherwise why the whole batch counts as failed.
        /// </summary>
        private static string ItemFailures(object payload, List<AlonzoRecord> records, AlonzoLocalBatch batch, out int failedFrom)
        {
            failedFrom = -1;
            if (!(payload is IDictionary<string, object> reply) || !reply.TryGetValue("batchItemFailures", out var value) || value == null)
                return null; // a null or empty response, or no list: complete success
            if (!(value is IList<object> items)) return "batchItemFailures is not a list";
            var ids = new List<string>();
            foreach (var item in items)
            {
                if (!(item is IDictionary<string, object> entry) || !entry.TryGetValue("itemIdentifier", out var id))
                    return "an entry has no itemIdentifier";
                if (!(id is string text) || text.Length == 0) return "an itemIdentifier is empty or null";
                ids.Add(text);
            }
            batch.BatchItemFailures = ids.ToArray();
            if (ids.Count == 0) return null;
            foreach (var id in ids)
            {
                int index = records.FindIndex(r => r.SequenceNumber == id);
                if (index < 0) return $"'{id}' is not the sequence number of a record in the batch";
                if (failedFrom < 0 || CompareSequence(id, records[failedFrom].SequenceNumber) < 0) failedFrom = index;
            }
            return null;
        }

        private static int CompareSequence(string a, string b) =>
            BigInteger.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out var x) && BigInteger.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out var y)
                ? x.CompareTo(y) : string.CompareOrdinal(a, b);

        private sealed class ShardQueue
        {
            public readonly List<AlonzoRecord> Records = new List<AlonzoRecord>();
            public readonly List<byte[]> Json = new List<byte[]>();
            public DateTime Since;
        }

        private sealed class Attempt
        {
            public Attempt(List<AlonzoRecord> records, List<byte[]> json, int retries)
            {
                Records = records;
                Json = json;
                Retries = retries;
            }

            public List<AlonzoRecord> Records { get; }
            public List<byte[]> Json { get; }
            public int Retries { get; }

            /// <summary>The records from <paramref name="index"/> on, as the next retry.</summary>
            public Attempt Retry(int index) => Slice(index, Records.Count - index, Retries + 1);

            public Attempt Slice(int index, int count, int retries) => new Attempt(Records.GetRange(index, count), Json.GetRange(index, count), retries);
        }
    }
}
