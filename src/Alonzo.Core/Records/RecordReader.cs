using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Aws.Kinesis;
using Alonzo.Aws.Runtime;
using Alonzo.Sessions;
using Alonzo.Validation;

namespace Alonzo.Records
{
    public enum ReadStart
    {
        TrimHorizon,
        Latest,
        AtTimestamp,
    }

    public sealed class RecordReaderOptions
    {
        public string StreamName { get; set; }
        public ReadStart From { get; set; } = ReadStart.TrimHorizon;
        /// <summary>With <see cref="ReadStart.AtTimestamp"/>: the first arrival time to read.</summary>
        public DateTime? Since { get; set; }
        /// <summary>Only these shards (their children are not followed). Null: every shard.</summary>
        public IList<string> ShardIds { get; set; }
        /// <summary>Keep polling for new records until cancelled, instead of stopping once caught up.</summary>
        public bool Follow { get; set; }
        /// <summary>Records per GetRecords call (1 to 10,000).</summary>
        public int Limit { get; set; } = RecordRules.GetRecordsMaxLimit;
        // Kinesis read limits per shard: 5 GetRecords calls per second and 2 MB/s.
        public TimeSpan MinCallInterval { get; set; } = TimeSpan.FromMilliseconds(200);
        public double MaxBytesPerSecond { get; set; } = 2 * 1024 * 1024;
        /// <summary>How often a shard that has caught up is asked again (with -Follow).</summary>
        public TimeSpan IdlePollInterval { get; set; } = TimeSpan.FromSeconds(1);
        /// <summary>With -Follow, how often the shard list is read again (resharding by someone else).</summary>
        public TimeSpan ShardRefreshInterval { get; set; } = TimeSpan.FromSeconds(10);
        public TimeSpan MaxThrottleDelay { get; set; } = TimeSpan.FromSeconds(5);
        /// <summary>Batches read ahead of the consumer; pollers wait while the buffer is full.</summary>
        public int BufferedBatches { get; set; } = 4;
    }

    /// <summary>What one poll of a shard brought: its records (maybe none), whether the shard is caught up, or that it is done.</summary>
    public sealed class ShardRead
    {
        public ShardRead(string shardId, IReadOnlyList<AlonzoRecord> records, bool caughtUp, bool final)
        {
            ShardId = shardId;
            Records = records;
            CaughtUp = caughtUp;
            Final = final;
        }

        public string ShardId { get; }
        public IReadOnlyList<AlonzoRecord> Records { get; }
        /// <summary>The poll found nothing new: the reader is at the tip of the shard.</summary>
        public bool CaughtUp { get; }
        /// <summary>No more records will come from this shard in this run (closed, or caught up without Follow).</summary>
        public bool Final { get; }
    }

    /// <summary>
    /// Reads a stream shard by shard, parents before children: a shard is read only once every parent
    /// it has (within the retention period) has been read to its end, so records of one partition key
    /// come out in the order they were written, across resharding. Pollers keep to the per-shard read
    /// limits, renew expired iterators after the last record read, and back off when throttled.
    /// Records are either buffered for ReadBatchAsync, or handed to a sink shard by shard: a shard's
    /// poller then waits for its sink before it reads on, as a Lambda event source mapping processes
    /// one batch per shard at a time.
    /// </summary>
    public sealed class RecordReader
    {
        private static readonly System.Text.Encoding StrictUtf8 = new System.Text.UTF8Encoding(false, true);

        private readonly AlonzoContext _context;
        private readonly RecordReaderOptions _options;
        private readonly object _lock = new object();
        private readonly Dictionary<string, ShardState> _shards = new Dictionary<string, ShardState>(StringComparer.Ordinal);
        private readonly Queue<IReadOnlyList<AlonzoRecord>> _buffer = new Queue<IReadOnlyList<AlonzoRecord>>();
        private readonly SemaphoreSlim _items = new SemaphoreSlim(0);
        private readonly SemaphoreSlim _slots;
        private readonly Func<ShardRead, CancellationToken, Task> _sink;
        private readonly TaskCompletionSource<bool> _completion = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        private CancellationTokenSource _cts;
        private Exception _fault;
        private int _running;
        private bool _finished;
        private int _refreshing;
        private DateTime _lastRefresh;

        public RecordReader(AlonzoContext context, RecordReaderOptions options)
        {
            _context = context ?? throw new ArgumentNullException(nameof(context));
            _options = options ?? throw new ArgumentNullException(nameof(options));
            NameRules.StreamName(options.StreamName, "StreamName");
            RecordRules.GetRecordsLimit(options.Limit);
            if (options.From == ReadStart.AtTimestamp && !options.Since.HasValue)
                throw new AlonzoValidationException("MissingSince", "Since", null, "-From AtTimestamp needs -Since: the time of the first record to read.");
            _slots = new SemaphoreSlim(Math.Max(1, options.BufferedBatches));
        }

        /// <summary>A reader that hands every poll's records to <paramref name="sink"/>, one call per shard at a time.</summary>
        public RecordReader(AlonzoContext context, RecordReaderOptions options, Func<ShardRead, CancellationToken, Task> sink)
            : this(context, options)
        {
            _sink = sink ?? throw new ArgumentNullException(nameof(sink));
        }

        /// <summary>With a sink: starts, and returns once every shard is done (never with Follow, until cancelled).</summary>
        public async Task RunAsync(CancellationToken cancellationToken)
        {
            await StartAsync(cancellationToken).ConfigureAwait(false);
            using (cancellationToken.Register(Stop))
                await _completion.Task.ConfigureAwait(false);
            if (_fault != null) throw _fault;
            cancellationToken.ThrowIfCancellationRequested();
        }

        public event Action<string> Info;

        /// <summary>Lists the shards and starts reading them.</summary>
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            _cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            List<Shard> shards;
            try
            {
                shards = await ListShardsAsync(_cts.Token).ConfigureAwait(false);
            }
            catch (AwsResourceNotFoundException e)
            {
                throw new AlonzoOperationException("StreamNotFound", FailureKind.ObjectNotFound,
                    $"No stream named '{_options.StreamName}' in region {_context.Region}.",
                    "Check the name with Get-AlonzoStream.", e);
            }
            if (_options.ShardIds != null)
            {
                var wanted = new HashSet<string>(_options.ShardIds, StringComparer.Ordinal);
                var missing = wanted.Where(id => shards.All(s => s.ShardId != id)).ToList();
                if (missing.Count > 0)
                    throw new AlonzoOperationException("ShardNotFound", FailureKind.ObjectNotFound,
                        $"Stream '{_options.StreamName}' has no shard {string.Join(", ", missing)} (it has {string.Join(", ", shards.Select(s => s.ShardId))}).",
                        "Pick shard ids from Get-AlonzoStream's stream, or leave out -ShardId to read every shard.");
                shards = shards.Where(s => wanted.Contains(s.ShardId)).ToList();
            }
            lock (_lock)
            {
                foreach (var shard in shards) Add(shard, initial: true);
                _lastRefresh = DateTime.UtcNow;
                Info?.Invoke($"Reading stream '{_options.StreamName}': {shards.Count} shard(s) ({shards.Count(s => s.SequenceNumberRange?.EndingSequenceNumber == null)} open), from {Describe()}{(_options.Follow ? ", following new records" : "")}.");
                StartReadyShards();
                CheckFinished();
            }
        }

        /// <summary>The next records, in order per shard; null when every shard has been read (never with Follow).</summary>
        public async Task<IReadOnlyList<AlonzoRecord>> ReadBatchAsync(CancellationToken cancellationToken)
        {
            await _items.WaitAsync(cancellationToken).ConfigureAwait(false);
            lock (_lock)
            {
                var batch = _buffer.Dequeue();
                if (batch == null)
                {
                    _buffer.Enqueue(null); // later calls see the end too
                    _items.Release();
                    if (_fault != null) throw _fault;
                    cancellationToken.ThrowIfCancellationRequested(); // stopped, not finished
                    return null;
                }
                _slots.Release();
                return batch;
            }
        }

        /// <summary>Stops every poller (after -First, or when the consumer goes away).</summary>
        public void Stop()
        {
            try { _cts?.Cancel(); } catch (ObjectDisposedException) { }
        }

        private string Describe() => _options.From == ReadStart.AtTimestamp
            ? "records that arrived at or after " + _options.Since.Value.ToUniversalTime().ToString("u")
            : _options.From == ReadStart.Latest ? "the latest record (new records only)" : "the oldest record (trim horizon)";

        private async Task<List<Shard>> ListShardsAsync(CancellationToken cancellationToken)
        {
            var all = new List<Shard>();
            string token = null;
            do
            {
                // NextToken identifies the stream by itself; the API refuses StreamName with it.
                var page = await _context.Kinesis.ListShardsAsync(new ListShardsRequest
                {
                    StreamName = token == null ? _options.StreamName : null,
                    NextToken = token,
                    MaxResults = token == null ? 1000 : (int?)null,
                }, cancellationToken).ConfigureAwait(false);
                all.AddRange(page.Shards ?? new List<Shard>());
                token = string.IsNullOrEmpty(page.NextToken) ? null : page.NextToken;
            } while (token != null);
            return all;
        }

        private void Add(Shard shard, bool initial)
        {
            if (_shards.TryGetValue(shard.ShardId, out var known))
            {
                known.Shard = shard; // newer view: the shard may have closed since
                return;
            }
            var state = new ShardState { Shard = shard };
            if (initial)
            {
                state.StartType = _options.From == ReadStart.Latest ? "LATEST" : _options.From == ReadStart.AtTimestamp ? "AT_TIMESTAMP" : "TRIM_HORIZON";
                // Reading from the latest record: a closed shard has nothing new.
                if (_options.From == ReadStart.Latest && shard.SequenceNumberRange?.EndingSequenceNumber != null) state.Done = true;
            }
            else
            {
                // A child created while we read: everything in it is newer than what was asked for.
                state.StartType = _options.Since.HasValue ? "AT_TIMESTAMP" : "TRIM_HORIZON";
                if (_options.ShardIds != null) state.Done = true; // -ShardId reads only the shards named
            }
            _shards[shard.ShardId] = state;
        }

        private void StartReadyShards()
        {
            if (_cts.IsCancellationRequested) return;
            foreach (var state in _shards.Values.OrderBy(s => s.Shard.ShardId, StringComparer.Ordinal).ToList())
            {
                if (state.Started || state.Done) continue;
                if (!ParentsDone(state.Shard)) continue;
                state.Started = true;
                _running++;
                var s = state;
                _ = Task.Run(() => PollAsync(s));
            }
        }

        private bool ParentsDone(Shard shard)
        {
            foreach (var parent in new[] { shard.ParentShardId, shard.AdjacentParentShardId })
            {
                // A parent that is no longer listed has passed the retention period: nothing to wait for.
                if (parent != null && _shards.TryGetValue(parent, out var p) && !p.Done) return false;
            }
            return true;
        }

        private void CheckFinished()
        {
            if (_finished || _running > 0) return;
            if (!_options.Follow || _fault != null || _cts.IsCancellationRequested)
            {
                _finished = true;
                _buffer.Enqueue(null);
                _items.Release();
                _completion.TrySetResult(true);
            }
        }

        private async Task PollAsync(ShardState state)
        {
            var token = _cts.Token;
            var shardId = state.Shard.ShardId;
            bool closed = false;
            try
            {
                string iterator = await NewIteratorAsync(state, token).ConfigureAwait(false);
                DateTime nextCall = DateTime.UtcNow;
                int throttles = 0;
                while (iterator != null)
                {
                    var delay = nextCall - DateTime.UtcNow;
                    if (delay > TimeSpan.Zero) await Task.Delay(delay, token).ConfigureAwait(false);
                    if (_options.Follow && DateTime.UtcNow - _lastRefresh > _options.ShardRefreshInterval)
                        await RefreshShardsAsync(token).ConfigureAwait(false);

                    GetRecordsResponse reply;
                    var called = DateTime.UtcNow;
                    try
                    {
                        reply = await _context.Kinesis.GetRecordsAsync(new GetRecordsRequest { ShardIterator = iterator, Limit = _options.Limit }, token).ConfigureAwait(false);
                        throttles = 0;
                    }
                    catch (AwsServiceException e) when (e.ErrorCode == "ExpiredIteratorException")
                    {
                        Info?.Invoke($"The iterator of {shardId} expired; continuing after sequence number {state.LastSequenceNumber ?? "(none read yet)"}.");
                        iterator = await NewIteratorAsync(state, token).ConfigureAwait(false);
                        continue;
                    }
                    catch (AwsThrottlingException e)
                    {
                        // ProvisionedThroughputExceededException after the transport's own retries: slow down, keep going.
                        throttles++;
                        var wait = TimeSpan.FromMilliseconds(Math.Min(_options.MaxThrottleDelay.TotalMilliseconds, 250 * Math.Pow(2, throttles)));
                        Info?.Invoke($"Reading {shardId} is throttled ({e.ErrorCode}); waiting {wait.TotalSeconds:0.0}s.");
                        nextCall = DateTime.UtcNow + wait;
                        continue;
                    }

                    var records = reply.Records ?? new List<Record>();
                    long bytes = 0;
                    var batch = new List<AlonzoRecord>(records.Count);
                    foreach (var r in records)
                    {
                        bytes += r.Data?.Length ?? 0;
                        batch.Add(ToRecord(shardId, r));
                    }
                    bool caughtUp = records.Count == 0 && (reply.MillisBehindLatest ?? 0) == 0;
                    await DeliverAsync(new ShardRead(shardId, batch, caughtUp, false), token).ConfigureAwait(false);
                    if (records.Count > 0) state.LastSequenceNumber = records[records.Count - 1].SequenceNumber;

                    iterator = reply.NextShardIterator;
                    if (iterator == null) { closed = true; break; }
                    if (caughtUp && KnownClosed(state)) { closed = true; break; } // emulators that never end a closed shard
                    if (caughtUp && !_options.Follow) break;
                    // Per-shard limits: 5 calls a second, 2 MB a second (counted from the call, so time
                    // spent in a sink counts towards the pause); an idle shard about once a second.
                    var pause = caughtUp ? _options.IdlePollInterval : _options.MinCallInterval;
                    var byteTime = TimeSpan.FromSeconds(bytes / _options.MaxBytesPerSecond);
                    nextCall = called + (byteTime > pause ? byteTime : pause);
                }
                if (_sink != null) await _sink(new ShardRead(shardId, Array.Empty<AlonzoRecord>(), true, true), token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
            }
            catch (AwsResourceNotFoundException) when (!token.IsCancellationRequested)
            {
                // The shard passed the retention period (or the stream went away): nothing more to read here.
                closed = true;
            }
            catch (Exception e)
            {
                lock (_lock) { if (_fault == null) _fault = e; }
                Stop();
            }

            bool refresh;
            lock (_lock)
            {
                state.Done = true;
                _running--;
                refresh = closed && !_cts.IsCancellationRequested && _options.ShardIds == null;
            }
            if (refresh)
            {
                Info?.Invoke($"Shard {shardId} is closed (resharded); looking for its children.");
                try { await RefreshShardsAsync(_cts.Token).ConfigureAwait(false); }
                catch (OperationCanceledException) { }
                catch (Exception e) { lock (_lock) { if (_fault == null) _fault = e; } Stop(); }
            }
            lock (_lock)
            {
                StartReadyShards();
                CheckFinished();
            }
        }

        /// <summary>To the sink, or (when there are records) into the buffer ReadBatchAsync takes them from.</summary>
        private async Task DeliverAsync(ShardRead read, CancellationToken token)
        {
            if (_sink != null)
            {
                await _sink(read, token).ConfigureAwait(false);
                return;
            }
            if (read.Records.Count == 0) return;
            await _slots.WaitAsync(token).ConfigureAwait(false);
            lock (_lock)
            {
                _buffer.Enqueue(read.Records);
                _items.Release();
            }
        }

        private bool KnownClosed(ShardState state)
        {
            lock (_lock) return state.Shard.SequenceNumberRange?.EndingSequenceNumber != null;
        }

        private async Task RefreshShardsAsync(CancellationToken token)
        {
            if (Interlocked.Exchange(ref _refreshing, 1) == 1) return;
            try
            {
                var shards = await ListShardsAsync(token).ConfigureAwait(false);
                lock (_lock)
                {
                    _lastRefresh = DateTime.UtcNow;
                    foreach (var shard in shards)
                    {
                        bool isNew = !_shards.ContainsKey(shard.ShardId);
                        Add(shard, initial: false);
                        if (isNew && _options.ShardIds == null) Info?.Invoke($"Found shard {shard.ShardId} (child of {shard.ParentShardId}{(shard.AdjacentParentShardId == null ? "" : " and " + shard.AdjacentParentShardId)}).");
                    }
                }
            }
            finally
            {
                Interlocked.Exchange(ref _refreshing, 0);
            }
        }

        private async Task<string> NewIteratorAsync(ShardState state, CancellationToken token)
        {
            var request = new GetShardIteratorRequest { StreamName = _options.StreamName, ShardId = state.Shard.ShardId };
            if (state.LastSequenceNumber != null)
            {
                request.ShardIteratorType = "AFTER_SEQUENCE_NUMBER";
                request.StartingSequenceNumber = state.LastSequenceNumber;
            }
            else
            {
                request.ShardIteratorType = state.StartType;
                if (state.StartType == "AT_TIMESTAMP") request.Timestamp = _options.Since.Value.ToUniversalTime();
            }
            var reply = await _context.Kinesis.GetShardIteratorAsync(request, token).ConfigureAwait(false);
            return reply.ShardIterator;
        }

        private AlonzoRecord ToRecord(string shardId, Record r)
        {
            var data = r.Data ?? Array.Empty<byte>();
            return new AlonzoRecord
            {
                StreamName = _options.StreamName,
                ShardId = shardId,
                SequenceNumber = r.SequenceNumber,
                PartitionKey = r.PartitionKey,
                ApproximateArrivalTimestamp = r.ApproximateArrivalTimestamp,
                Data = data,
                Text = TryDecode(data),
            };
        }

        /// <summary>The bytes as text when they are valid UTF-8; otherwise null.</summary>
        public static string TryDecode(byte[] data)
        {
            if (data == null) return null;
            for (int i = 0; i < data.Length; i++)
            {
                // Pure ASCII is the common case and needs no exception handling.
                if (data[i] >= 0x80)
                {
                    try { return StrictUtf8.GetString(data); }
                    catch (System.Text.DecoderFallbackException) { return null; }
                }
            }
            return System.Text.Encoding.ASCII.GetString(data);
        }

        private sealed class ShardState
        {
            public Shard Shard;
            public string StartType;
            public string LastSequenceNumber;
            public bool Started;
            public bool Done;
        }
    }
}
