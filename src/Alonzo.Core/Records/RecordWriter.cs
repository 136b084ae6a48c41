using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Aws.Kinesis;
using Alonzo.Aws.Runtime;
using Alonzo.Sessions;
using Alonzo.Streams;
using Alonzo.Validation;

namespace Alonzo.Records
{
    /// <summary>One record to write. <see cref="Source"/> is whatever the caller wants back with a failure.</summary>
    public sealed class OutgoingRecord
    {
        public OutgoingRecord(byte[] data, string partitionKey, string explicitHashKey = null, object source = null)
        {
            Data = data ?? Array.Empty<byte>();
            PartitionKey = partitionKey;
            ExplicitHashKey = explicitHashKey;
            Source = source;
        }

        public byte[] Data { get; }
        /// <summary>Null: the writer picks a random key, which spreads records evenly over the shards.</summary>
        public string PartitionKey { get; internal set; }
        public string ExplicitHashKey { get; }
        public object Source { get; internal set; }
        public int Attempts { get; internal set; }

        internal int Size;
        internal bool GeneratedKey;
        internal DateTime NotBefore;
        internal long Arrived;
    }

    /// <summary>A record that was not written, with the reason.</summary>
    public sealed class RecordFailure
    {
        public RecordFailure(OutgoingRecord record, Exception error)
        {
            Record = record;
            Error = error;
        }

        public OutgoingRecord Record { get; }
        /// <summary>An <see cref="AlonzoOperationException"/> (RecordNotWritten) or <see cref="AlonzoValidationException"/>.</summary>
        public Exception Error { get; }
    }

    public sealed class RecordWriterOptions
    {
        public string StreamName { get; set; }
        /// <summary>PutRecords calls in flight at once.</summary>
        public int MaxInFlight { get; set; } = 4;
        /// <summary>Attempts per record (the first one included) before it is reported as not written.</summary>
        public int MaxAttempts { get; set; } = 8;
        /// <summary>First retry delay; doubles per attempt, with jitter, up to <see cref="MaxRetryDelay"/>.</summary>
        public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);
        public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);
        /// <summary>How long a record may wait for a fuller batch before it is sent anyway.</summary>
        public TimeSpan Linger { get; set; } = TimeSpan.FromMilliseconds(50);
        /// <summary>
        /// Keep the order of records with the same partition key: a key has at most one record in
        /// flight, so a partial failure cannot let a later record overtake an earlier one. Records
        /// with generated keys are never held back.
        /// </summary>
        public bool PreserveKeyOrder { get; set; } = true;
        /// <summary>Records accepted but not yet sent; <see cref="RecordWriter.TryAdd"/> refuses more (back-pressure).</summary>
        // Two full batches: enough to fill the next call while one is being formed. Records that wait
        // longer are promoted by the garbage collector and swell the process, so the queue stays short.
        public int QueueCapacity { get; set; } = 2 * RecordRules.MaxRecordsPerRequest;
        /// <summary>Bytes accepted but not yet sent; never less than one full request.</summary>
        public long QueueByteCapacity { get; set; } = 8L * 1024 * 1024;
        /// <summary>Overrides what DescribeStreamSummary says (tests).</summary>
        public int? MaxRecordBytes { get; set; }
        public int? MaxRequestBytes { get; set; }
        public int MaxRecordsPerRequest { get; set; } = RecordRules.MaxRecordsPerRequest;
    }

    /// <summary>
    /// Streams records into Kinesis with PutRecords: fills batches within the service limits (500
    /// records, 5 or 10 MiB per call, the stream's maximum record size), keeps several calls in flight,
    /// retries only the entries a call reports as failed (throttling, internal failures) with backoff,
    /// and reports every record that still fails. Memory stays bounded: callers add records as they
    /// come and are held back while the queue is full.
    /// </summary>
    public sealed class RecordWriter
    {
        private static readonly HashSet<string> RetryableEntryCodes = new HashSet<string>(StringComparer.Ordinal)
        {
            "ProvisionedThroughputExceededException", "InternalFailure", "InternalFailureException",
            "KMSThrottlingException", "ServiceUnavailable", "ThrottlingException",
        };

        private readonly AlonzoContext _context;
        private readonly RecordWriterOptions _options;
        private readonly object _lock = new object();
        private readonly LinkedList<OutgoingRecord> _pending = new LinkedList<OutgoingRecord>();
        private readonly List<OutgoingRecord> _retries = new List<OutgoingRecord>();
        private readonly HashSet<string> _busyKeys = new HashSet<string>(StringComparer.Ordinal);
        private readonly ConcurrentQueue<RecordFailure> _failures = new ConcurrentQueue<RecordFailure>();
        private readonly Stopwatch _clock = new Stopwatch();
        private readonly Random _random = new Random();
        private long _pendingBytes;
        private bool _lingering;
        private DateTime _retryAt; // the retry time of the call being handled (under the lock)
        private int _inFlight;
        private double _concurrency;
        private bool _completed;
        private Exception _fatal;
        private TaskCompletionSource<bool> _wake = NewSignal();
        private TaskCompletionSource<bool> _room = NewSignal();
        private Task _dispatcher;
        private CancellationToken _token;
        private CancellationTokenSource _cts;
        private long _written, _bytes, _batches, _retried, _failed;

        public RecordWriter(AlonzoContext context, RecordWriterOptions options)
        {
            _context = context ?? throw new ArgumentNullException(nameof(context));
            _options = options ?? throw new ArgumentNullException(nameof(options));
            NameRules.StreamName(options.StreamName, "StreamName");
            if (options.MaxInFlight < 1) throw new AlonzoValidationException("InvalidMaxInFlight", "MaxInFlight", options.MaxInFlight, "-MaxInFlight: use 1 or more.");
            _concurrency = options.MaxInFlight;
        }

        /// <summary>Messages for Verbose.</summary>
        public event Action<string> Info;

        public bool IsOpen => _dispatcher != null;
        public int MaxRecordBytes { get; private set; } = RecordRules.DefaultMaxRecordBytes;
        public int MaxRequestBytes { get; private set; } = RecordRules.ClassicMaxRequestBytes;

        private long QueueBytes => Math.Max(_options.QueueByteCapacity, MaxRequestBytes);

        /// <summary>
        /// Checks what can be checked without AWS (partition key, hash key, the absolute size limit).
        /// Throws <see cref="AlonzoValidationException"/> with the record's source as the value.
        /// </summary>
        public void Check(OutgoingRecord record)
        {
            try
            {
                if (record.PartitionKey != null) RecordRules.PartitionKey(record.PartitionKey, record.Source);
                RecordRules.ExplicitHashKey(record.ExplicitHashKey, record.Source);
                // A generated key is 16 characters.
                int size = record.PartitionKey == null ? record.Data.Length + 16 : RecordRules.Size(record.Data, record.PartitionKey);
                RecordRules.RecordSize(size, IsOpen ? MaxRecordBytes : Math.Max(RecordRules.DataMax, _options.MaxRecordBytes ?? 0), record.Source);
            }
            catch (AlonzoValidationException)
            {
                Interlocked.Increment(ref _failed);
                throw;
            }
        }

        /// <summary>Reads the stream's limits (and waits while it is CREATING), then starts sending.</summary>
        public async Task OpenAsync(TimeSpan waitTimeout, IProgress<Waiting.WaitProgress> progress, CancellationToken cancellationToken)
        {
            if (_dispatcher != null) return;
            var operations = new StreamOperations(_context);
            StreamDescriptionSummary summary;
            try
            {
                summary = await _context.Kinesis.DescribeStreamSummaryAsync(_options.StreamName, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsResourceNotFoundException e)
            {
                throw new AlonzoOperationException("StreamNotFound", FailureKind.ObjectNotFound,
                    $"No stream named '{_options.StreamName}' in region {_context.Region}; no record was written.",
                    "Check the name with Get-AlonzoStream, or create the stream with New-AlonzoStream.", e);
            }
            if (summary.StreamStatus == "DELETING")
                throw new StreamStateException("StreamBeingDeleted", _options.StreamName, $"The stream '{_options.StreamName}' is being deleted; no record was written.");
            if (summary.StreamStatus == "CREATING")
            {
                Info?.Invoke($"Stream '{_options.StreamName}' is CREATING; waiting until it is ACTIVE before writing.");
                await operations.WaitUntilActiveAsync(_options.StreamName, waitTimeout, progress, cancellationToken).ConfigureAwait(false);
            }

            MaxRecordBytes = _options.MaxRecordBytes ?? (summary.MaxRecordSizeInKiB.HasValue ? summary.MaxRecordSizeInKiB.Value * 1024 : RecordRules.DefaultMaxRecordBytes);
            MaxRequestBytes = _options.MaxRequestBytes ?? (summary.MaxRecordSizeInKiB.HasValue ? RecordRules.LargeMaxRequestBytes : RecordRules.ClassicMaxRequestBytes);
            MaxRequestBytes = Math.Max(MaxRequestBytes, MaxRecordBytes);
            Info?.Invoke($"Writing to stream '{_options.StreamName}' ({summary.OpenShardCount} open shard(s)): up to {_options.MaxRecordsPerRequest} records or {MaxRequestBytes / 1048576.0:0.#} MiB per PutRecords call, {MaxRecordBytes / 1048576.0:0.#} MiB per record, {_options.MaxInFlight} call(s) in flight.");

            _cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _token = _cts.Token;
            _clock.Start();
            _dispatcher = Task.Run(DispatchLoopAsync);
        }

        /// <summary>
        /// Queues a record if there is room. Returns false when the queue is full: await
        /// <see cref="AddAsync"/> instead. Throws the record's validation failure, or the failure that
        /// stopped the writer.
        /// </summary>
        public bool TryAdd(OutgoingRecord record)
        {
            if (_dispatcher == null) throw new InvalidOperationException("OpenAsync first.");
            Prepare(record);
            lock (_lock)
            {
                if (_fatal != null) throw Rethrowable(_fatal);
                if (_completed) throw new InvalidOperationException("The writer was completed.");
                if (_pending.Count >= _options.QueueCapacity || (_pending.Count > 0 && _pendingBytes + record.Size > QueueBytes))
                    return false;
                Enqueue(record);
            }
            return true;
        }

        /// <summary>Queues a record, waiting for room while the queue is full.</summary>
        public async Task AddAsync(OutgoingRecord record, CancellationToken cancellationToken)
        {
            while (true)
            {
                Task room;
                lock (_lock)
                {
                    if (_fatal != null) throw Rethrowable(_fatal);
                    if (_room.Task.IsCompleted) _room = NewSignal();
                    room = _room.Task;
                }
                if (TryAdd(record)) return;
                await WaitAsync(room, Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Stops sending: calls in flight are cancelled and nothing more is sent or reported.</summary>
        public void Abort()
        {
            try { _cts?.Cancel(); } catch (ObjectDisposedException) { }
            Wake();
        }

        /// <summary>A record that was not written, if any is waiting to be reported.</summary>
        public bool TryGetFailure(out RecordFailure failure) => _failures.TryDequeue(out failure);

        /// <summary>Sends what is queued, waits for every call and retry, and returns the totals.</summary>
        public async Task<AlonzoWriteSummary> CompleteAsync(CancellationToken cancellationToken)
        {
            if (_dispatcher != null)
            {
                lock (_lock) _completed = true;
                Wake();
                await WaitAsync(_dispatcher, Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
                lock (_lock)
                    if (_fatal != null) throw Rethrowable(_fatal);
            }
            return Summary();
        }

        public AlonzoWriteSummary Summary()
        {
            var elapsed = _clock.Elapsed;
            long written = Interlocked.Read(ref _written);
            return new AlonzoWriteSummary
            {
                StreamName = _options.StreamName,
                Records = written,
                Bytes = Interlocked.Read(ref _bytes),
                Batches = Interlocked.Read(ref _batches),
                Retried = Interlocked.Read(ref _retried),
                Failed = Interlocked.Read(ref _failed),
                Elapsed = elapsed,
                RecordsPerSecond = elapsed.TotalSeconds > 0 ? Math.Round(written / elapsed.TotalSeconds, 1) : 0,
            };
        }

        private void Prepare(OutgoingRecord record)
        {
            try
            {
                if (record.PartitionKey == null)
                {
                    record.PartitionKey = NewKey();
                    record.GeneratedKey = true;
                }
                else
                {
                    RecordRules.PartitionKey(record.PartitionKey, record.Source);
                }
                RecordRules.ExplicitHashKey(record.ExplicitHashKey, record.Source);
                record.Size = RecordRules.Size(record.Data, record.PartitionKey);
                RecordRules.RecordSize(record.Size, MaxRecordBytes, record.Source);
            }
            catch (AlonzoValidationException)
            {
                Interlocked.Increment(ref _failed);
                throw;
            }
        }

        private string NewKey()
        {
            // 64 random bits: MD5 of such keys spreads records evenly over any set of shards.
            var bytes = new byte[8];
            lock (_random) _random.NextBytes(bytes);
            return BitConverter.ToUInt64(bytes, 0).ToString("x16");
        }

        private void Enqueue(OutgoingRecord record)
        {
            record.Arrived = _clock.ElapsedTicks;
            _pending.AddLast(record);
            _pendingBytes += record.Size;
            // The dispatcher needs to hear about the first record (to start the linger clock) and about a full batch.
            if (_pending.Count == 1 || _pending.Count % _options.MaxRecordsPerRequest == 0 || _pendingBytes >= MaxRequestBytes)
                Wake();
        }

        private void Wake()
        {
            TaskCompletionSource<bool> wake;
            lock (_lock) wake = _wake;
            wake.TrySetResult(true);
        }

        private async Task DispatchLoopAsync()
        {
            try
            {
                while (true)
                {
                    Task signal;
                    TimeSpan wait;
                    var launch = new List<List<OutgoingRecord>>();
                    lock (_lock)
                    {
                        if (_wake.Task.IsCompleted) _wake = NewSignal();
                        signal = _wake.Task;
                        if (_fatal != null)
                        {
                            if (_inFlight == 0) { AbandonQueued(); return; }
                        }
                        else
                        {
                            if (_token.IsCancellationRequested) { _fatal = new OperationCanceledException(_token); continue; }
                            if (_completed && _pending.Count == 0 && _retries.Count == 0 && _inFlight == 0) return;
                            while (_inFlight < Math.Max(1, (int)_concurrency))
                            {
                                var batch = FormBatch();
                                if (batch == null) break;
                                _inFlight++;
                                launch.Add(batch);
                            }
                            if (launch.Count > 0) _room.TrySetResult(true);
                        }
                        wait = NextDeadline();
                    }
                    foreach (var batch in launch)
                    {
                        var b = batch;
                        _ = Task.Run(() => SendAsync(b));
                    }
                    if (launch.Count == 0)
                        await WaitAsync(signal, wait, CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (Exception e)
            {
                lock (_lock)
                {
                    if (_fatal == null) _fatal = e;
                    AbandonQueued();
                }
            }
            finally
            {
                lock (_lock) _room.TrySetResult(true);
            }
        }

        /// <summary>The next batch to send, or null when what is queued should wait (for more records, a retry's delay, or a key).</summary>
        private List<OutgoingRecord> FormBatch()
        {
            DateTime now = DateTime.UtcNow;
            int maxRecords = _options.MaxRecordsPerRequest;
            var batch = new List<OutgoingRecord>();
            long bytes = 0;
            bool full = false;
            bool dueRetry = false;

            // Retries first: they are older than anything still queued, and hold their keys.
            for (int i = 0; i < _retries.Count && !full; i++)
            {
                var r = _retries[i];
                if (r.NotBefore > now) continue;
                if (batch.Count >= maxRecords || bytes + r.Size > MaxRequestBytes) { full = true; break; }
                batch.Add(r);
                bytes += r.Size;
                dueRetry = true;
            }
            if (batch.Count > 0)
            {
                var taken = new HashSet<OutgoingRecord>(batch);
                _retries.RemoveAll(taken.Contains);
            }

            var picked = new List<LinkedListNode<OutgoingRecord>>();
            HashSet<string> batchKeys = _options.PreserveKeyOrder ? new HashSet<string>(StringComparer.Ordinal) : null;
            for (var node = _pending.First; node != null && !full; node = node.Next)
            {
                var r = node.Value;
                if (batchKeys != null && !r.GeneratedKey && (_busyKeys.Contains(r.PartitionKey) || !batchKeys.Add(r.PartitionKey)))
                    continue;
                if (bytes + r.Size > MaxRequestBytes)
                {
                    full = true;
                    break;
                }
                picked.Add(node);
                bytes += r.Size;
                if (batch.Count + picked.Count >= maxRecords) full = true;
            }

            bool lingered = _pending.First != null &&
                            TimeSpan.FromTicks((long)((_clock.ElapsedTicks - _pending.First.Value.Arrived) * (TimeSpan.TicksPerSecond / (double)Stopwatch.Frequency))) >= _options.Linger;
            bool queueFull = _pending.Count >= _options.QueueCapacity || _pendingBytes >= QueueBytes;
            // A partly filled batch goes when waiting cannot fill it: input is complete, the oldest record
            // has lingered long enough, or the queue is full (with few keys in order, most queued records
            // wait for a key in flight and cannot join).
            bool send = full || dueRetry || _completed || lingered || queueFull;
            // Only records that could go now are worth a linger deadline; records waiting for a key
            // in flight are woken by that call's completion.
            _lingering = picked.Count > 0 && !send;
            if (picked.Count == 0 && batch.Count == 0) return null;
            if (!send) return null; // due retries always send, so nothing needs putting back

            foreach (var node in picked)
            {
                _pending.Remove(node);
                _pendingBytes -= node.Value.Size;
                batch.Add(node.Value);
                if (_options.PreserveKeyOrder && !node.Value.GeneratedKey) _busyKeys.Add(node.Value.PartitionKey);
            }
            return batch;
        }

        private TimeSpan NextDeadline()
        {
            TimeSpan wait = Timeout.InfiniteTimeSpan;
            DateTime now = DateTime.UtcNow;
            foreach (var r in _retries)
            {
                var until = r.NotBefore - now;
                if (until < TimeSpan.Zero) until = TimeSpan.Zero;
                if (wait == Timeout.InfiniteTimeSpan || until < wait) wait = until;
            }
            if (_lingering && _pending.First != null)
            {
                var age = TimeSpan.FromTicks((long)((_clock.ElapsedTicks - _pending.First.Value.Arrived) * (TimeSpan.TicksPerSecond / (double)Stopwatch.Frequency)));
                var until = _options.Linger - age;
                if (until < TimeSpan.FromMilliseconds(1)) until = TimeSpan.FromMilliseconds(1);
                if (wait == Timeout.InfiniteTimeSpan || until < wait) wait = until;
            }
            return wait;
        }

        private async Task SendAsync(List<OutgoingRecord> batch)
        {
            PutRecordsResponse reply = null;
            Exception callError = null;
            var request = new PutRecordsRequest { StreamName = _options.StreamName, Records = new List<PutRecordsRequestEntry>(batch.Count) };
            foreach (var r in batch)
            {
                r.Attempts++;
                request.Records.Add(new PutRecordsRequestEntry { Data = r.Data, PartitionKey = r.PartitionKey, ExplicitHashKey = r.ExplicitHashKey });
            }
            Interlocked.Increment(ref _batches);
            try
            {
                reply = await _context.Kinesis.PutRecordsAsync(request, _token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                callError = e;
            }

            bool throttled = false;
            lock (_lock)
            {
                _inFlight--;
                _retryAt = DateTime.MinValue;
                if (callError != null)
                {
                    throttled = HandleCallFailure(batch, callError);
                }
                else
                {
                    var results = reply.Records ?? new List<PutRecordsResultEntry>();
                    for (int i = 0; i < batch.Count; i++)
                    {
                        var r = batch[i];
                        var result = i < results.Count ? results[i] : null;
                        if (result != null && string.IsNullOrEmpty(result.ErrorCode) && results.Count == batch.Count)
                        {
                            _written++;
                            _bytes += r.Size;
                            Release(r);
                            continue;
                        }
                        string code = result?.ErrorCode ?? "MissingResult";
                        string message = result?.ErrorMessage ?? "Kinesis returned no result for the record.";
                        if (code == "ProvisionedThroughputExceededException" || code == "KMSThrottlingException") throttled = true;
                        if (RetryableEntryCodes.Contains(code) || code == "MissingResult")
                            Retry(r, code, message);
                        else
                            Fail(r, code, message, retryable: false);
                    }
                }
                // Fewer calls at once while Kinesis throttles, more again as calls go through cleanly.
                _concurrency = throttled ? Math.Max(1, _concurrency / 2) : Math.Min(_options.MaxInFlight, _concurrency + 0.5);
            }
            Wake();
        }

        /// <summary>A whole call failed (after the transport's own retries). Returns whether it was throttling.</summary>
        private bool HandleCallFailure(List<OutgoingRecord> batch, Exception error)
        {
            if (error is OperationCanceledException && _token.IsCancellationRequested)
            {
                if (_fatal == null) _fatal = error;
                AbandonList(batch, error);
                return false;
            }
            switch (error)
            {
                case AwsResourceNotFoundException _:
                case AwsAccessDeniedException _:
                case AwsAuthenticationException _:
                    // Nothing else will get through either: stop, and report what was not written.
                    if (_fatal == null) _fatal = error;
                    AbandonList(batch, error);
                    return false;
                case AwsThrottlingException t:
                    foreach (var r in batch) Retry(r, t.ErrorCode, t.ServiceMessage ?? t.Message);
                    return true;
                case AwsServiceException s when !AwsRetryRules.IsRetryable(s, _token):
                    foreach (var r in batch) Fail(r, s.ErrorCode, s.ServiceMessage ?? s.Message, retryable: false);
                    return false;
                case AwsServiceException s:
                    foreach (var r in batch) Retry(r, s.ErrorCode, s.ServiceMessage ?? s.Message);
                    return false;
                case HttpRequestException _:
                case TimeoutException _:
                    foreach (var r in batch) Retry(r, error.GetType().Name, error.Message);
                    return false;
                default:
                    if (_fatal == null) _fatal = error;
                    AbandonList(batch, error);
                    return false;
            }
        }

        private void Retry(OutgoingRecord r, string code, string message)
        {
            if (r.Attempts >= _options.MaxAttempts)
            {
                Fail(r, code, message, retryable: true);
                return;
            }
            _retried++;
            // One delay for all failed entries of a call, so they go out together again. Exponential
            // backoff with jitter: half the step fixed, half random, so the calls' retries spread out.
            if (_retryAt == DateTime.MinValue)
            {
                double step = Math.Min(_options.MaxRetryDelay.TotalMilliseconds, _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, r.Attempts - 1));
                double delay;
                lock (_random) delay = step / 2 + _random.NextDouble() * step / 2;
                _retryAt = DateTime.UtcNow.AddMilliseconds(delay);
            }
            r.NotBefore = _retryAt;
            // Kept in arrival order, so retried records of different keys go out as they came in.
            int index = _retries.Count;
            while (index > 0 && _retries[index - 1].Arrived > r.Arrived) index--;
            _retries.Insert(index, r);
        }

        private void Fail(OutgoingRecord r, string code, string message, bool retryable)
        {
            _failed++;
            bool throttling = code == "ProvisionedThroughputExceededException" || code == "KMSThrottlingException" || code == "ThrottlingException";
            string text = retryable
                ? $"The record was not written to stream '{_options.StreamName}' after {r.Attempts} attempt(s): {code}: {message}"
                : $"Kinesis rejected the record for stream '{_options.StreamName}': {code}: {message}";
            var error = new AlonzoOperationException("RecordNotWritten", throttling ? FailureKind.LimitsExceeded : FailureKind.InvalidOperation, text,
                throttling ? "Write more slowly (-MaxInFlight 1), add shards (Set-AlonzoStream -ShardCount), or send the failed records again." : "Send the record again; see the error code for the cause.");
            _failures.Enqueue(new RecordFailure(r, error));
            Release(r);
        }

        private void Release(OutgoingRecord r)
        {
            if (_options.PreserveKeyOrder && !r.GeneratedKey) _busyKeys.Remove(r.PartitionKey);
        }

        private void AbandonList(IEnumerable<OutgoingRecord> records, Exception cause)
        {
            foreach (var r in records)
            {
                if (_options.PreserveKeyOrder && !r.GeneratedKey) _busyKeys.Remove(r.PartitionKey);
                if (cause is OperationCanceledException) continue; // the command was stopped: nobody is listening
                _failed++;
                _failures.Enqueue(new RecordFailure(r, new AlonzoOperationException("RecordNotWritten", FailureKind.InvalidOperation,
                    $"The record was not written to stream '{_options.StreamName}': writing stopped after an error ({cause.Message}).", null, cause)));
            }
        }

        private void AbandonQueued()
        {
            var rest = new List<OutgoingRecord>(_retries);
            rest.AddRange(_pending);
            rest.Sort((a, b) => a.Arrived.CompareTo(b.Arrived));
            _retries.Clear();
            _pending.Clear();
            _pendingBytes = 0;
            AbandonList(rest, _fatal);
        }

        private static Exception Rethrowable(Exception e) => e is OperationCanceledException ? new OperationCanceledException(e.Message, e) : e;

        private static TaskCompletionSource<bool> NewSignal() => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        private static async Task WaitAsync(Task task, TimeSpan timeout, CancellationToken cancellationToken)
        {
            if (task.IsCompleted && timeout == Timeout.InfiniteTimeSpan) { await task.ConfigureAwait(false); return; }
            using (var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                var delay = Task.Delay(timeout, cts.Token);
                var first = await Task.WhenAny(task, delay).ConfigureAwait(false);
                cts.Cancel();
                cancellationToken.ThrowIfCancellationRequested();
                if (first == task) await task.ConfigureAwait(false);
            }
        }
    }
}
