using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Aws.Kinesis;
using Alonzo.Aws.Runtime;
using Alonzo.Sessions;
using Alonzo.Validation;
using Alonzo.Waiting;

namespace Alonzo.Streams
{
    public sealed class StreamSpec
    {
        public string Name { get; set; }
        /// <summary>Null with OnDemand false means one shard.</summary>
        public int? ShardCount { get; set; }
        public bool OnDemand { get; set; }
        public int? RetentionHours { get; set; }
        public IDictionary<string, string> Tags { get; set; }

        public void Validate()
        {
            NameRules.StreamName(Name);
            if (ShardCount.HasValue)
            {
                if (OnDemand)
                    throw new AlonzoValidationException("ConflictingCapacity", "ShardCount", ShardCount,
                        "-ShardCount and -OnDemand cannot be used together: on-demand streams scale their shards themselves.");
                NameRules.ShardCount(ShardCount.Value);
            }
            if (RetentionHours.HasValue) NameRules.RetentionHours(RetentionHours.Value);
            NameRules.Tags(Tags);
        }
    }

    /// <summary>The stream lifecycle: converge to present (create and wait), read, and delete.</summary>
    public sealed class StreamOperations
    {
        // waiters-2.json, kinesis StreamExists/StreamNotExists: delay 10 s, 18 attempts (3 minutes).
        public static readonly TimeSpan ModelDelay = TimeSpan.FromSeconds(10);
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(180);

        private readonly AlonzoContext _context;

        public StreamOperations(AlonzoContext context)
        {
            _context = context;
        }

        /// <summary>Messages for Verbose: what was decided and why.</summary>
        public event Action<string> Info;
        /// <summary>Things the user asked for that were not done.</summary>
        public event Action<string> Warning;

        private IKinesisClient Kinesis => _context.Kinesis;

        public async Task<AlonzoStream> GetAsync(string name, CancellationToken cancellationToken)
        {
            try
            {
                var summary = await Kinesis.DescribeStreamSummaryAsync(name, cancellationToken).ConfigureAwait(false);
                return ToStream(summary, ResourceAction.None);
            }
            catch (AwsResourceNotFoundException)
            {
                return null;
            }
        }

        /// <summary>Creates the stream if it is missing; an existing stream is returned as it is.</summary>
        /// <param name="current">The stream as just read by the caller (null when missing), so it is not read twice.</param>
        public async Task<AlonzoStream> EnsureAsync(StreamSpec spec, AlonzoStream current, bool wait, TimeSpan timeout,
            IProgress<WaitProgress> progress, CancellationToken cancellationToken)
        {
            spec.Validate();
            var existing = current;
            if (existing != null)
            {
                if (existing.Status == "DELETING")
                    throw new StreamStateException("StreamBeingDeleted", spec.Name,
                        $"The stream '{spec.Name}' is being deleted. Wait until it is gone (Remove-AlonzoStream -Name {spec.Name} -Wait) and run the command again.");
                Info?.Invoke($"Stream '{spec.Name}' already exists ({existing.Status}, {existing.Mode}, {existing.ShardCount} open shard(s)); left as it is.");
                ReportDifferences(spec, existing);
                if (wait && existing.Status != "ACTIVE")
                    existing = await WaitUntilActiveAsync(spec.Name, timeout, progress, cancellationToken).ConfigureAwait(false);
                existing.Action = ResourceAction.Unchanged;
                return existing;
            }

            var request = new CreateStreamRequest
            {
                StreamName = spec.Name,
                ShardCount = spec.OnDemand ? (int?)null : spec.ShardCount ?? 1,
                StreamModeDetails = new StreamModeDetails { StreamMode = spec.OnDemand ? "ON_DEMAND" : "PROVISIONED" },
                Tags = spec.Tags != null && spec.Tags.Count > 0 ? new Dictionary<string, string>(spec.Tags) : null,
            };
            try
            {
                await Kinesis.CreateStreamAsync(request, cancellationToken).ConfigureAwait(false);
                Info?.Invoke($"Creating stream '{spec.Name}' ({(spec.OnDemand ? "on-demand" : $"{request.ShardCount} shard(s)")}).");
            }
            catch (AwsConflictException e) when (e.ErrorCode == "ResourceInUseException")
            {
                // Someone else created it between our read and our create: converge on theirs.
                Info?.Invoke($"Stream '{spec.Name}' was created by another caller at the same time; using it.");
                var raced = await GetAsync(spec.Name, cancellationToken).ConfigureAwait(false);
                if (raced != null && raced.Status != "DELETING")
                {
                    if (wait && raced.Status != "ACTIVE")
                        raced = await WaitUntilActiveAsync(spec.Name, timeout, progress, cancellationToken).ConfigureAwait(false);
                    raced.Action = ResourceAction.Unchanged;
                    return raced;
                }
                throw;
            }

            bool hasTags = spec.Tags != null && spec.Tags.Count > 0;
            AlonzoStream created;
            // Retention and tag fixes need an ACTIVE stream, hence the wait even with -NoWait.
            if (wait || spec.RetentionHours.HasValue || hasTags)
                created = await WaitUntilActiveAsync(spec.Name, timeout, progress, cancellationToken).ConfigureAwait(false);
            else
                created = await GetAsync(spec.Name, cancellationToken).ConfigureAwait(false) ?? new AlonzoStream { StreamName = spec.Name, Status = "CREATING", Region = _context.Region };

            if (hasTags)
                await EnsureTagsAsync(spec.Name, spec.Tags, cancellationToken).ConfigureAwait(false);

            if (spec.RetentionHours.HasValue && spec.RetentionHours.Value != created.RetentionHours)
            {
                await SetRetentionAsync(spec.Name, created.RetentionHours, spec.RetentionHours.Value, cancellationToken).ConfigureAwait(false);
                created = wait
                    ? await WaitUntilActiveAsync(spec.Name, timeout, progress, cancellationToken).ConfigureAwait(false)
                    : await GetAsync(spec.Name, cancellationToken).ConfigureAwait(false) ?? created;
            }
            created.Action = ResourceAction.Created;
            return created;
        }

        /// <summary>
        /// Tags go in CreateStream (so tag-based access policies apply from the start), but some
        /// endpoints ignore them there; this checks and adds what is missing.
        /// </summary>
        public async Task EnsureTagsAsync(string name, IDictionary<string, string> wanted, CancellationToken cancellationToken)
        {
            var current = new Dictionary<string, string>(StringComparer.Ordinal);
            string startKey = null;
            while (true)
            {
                var page = await Kinesis.ListTagsForStreamAsync(new ListTagsForStreamRequest { StreamName = name, ExclusiveStartTagKey = startKey }, cancellationToken).ConfigureAwait(false);
                foreach (var t in page.Tags) current[t.Key] = t.Value ?? "";
                if (!page.HasMoreTags || page.Tags.Count == 0) break;
                startKey = page.Tags[page.Tags.Count - 1].Key;
            }
            var missing = wanted.Where(t => !current.TryGetValue(t.Key, out var v) || v != (t.Value ?? "")).ToList();
            // AddTagsToStream takes at most 10 tags per call.
            for (int i = 0; i < missing.Count; i += 10)
            {
                var chunk = missing.Skip(i).Take(10).ToDictionary(t => t.Key, t => t.Value ?? "");
                await Kinesis.AddTagsToStreamAsync(new AddTagsToStreamRequest { StreamName = name, Tags = chunk }, cancellationToken).ConfigureAwait(false);
            }
            if (missing.Count > 0) Info?.Invoke($"Tagged stream '{name}': {string.Join(", ", missing.Select(t => t.Key))}.");
        }

        public async Task SetRetentionAsync(string name, int current, int wanted, CancellationToken cancellationToken)
        {
            if (wanted > current)
                await Kinesis.IncreaseStreamRetentionPeriodAsync(name, wanted, cancellationToken).ConfigureAwait(false);
            else if (wanted < current)
                await Kinesis.DecreaseStreamRetentionPeriodAsync(name, wanted, cancellationToken).ConfigureAwait(false);
            Info?.Invoke($"Retention of stream '{name}' set to {wanted} hours (was {current}).");
        }

        private void ReportDifferences(StreamSpec spec, AlonzoStream existing)
        {
            var notes = new List<string>();
            if (spec.OnDemand && existing.Mode != "ON_DEMAND") notes.Add($"it is {existing.Mode}, not on-demand");
            if (spec.ShardCount.HasValue && existing.Mode == "PROVISIONED" && spec.ShardCount.Value != existing.ShardCount)
                notes.Add($"it has {existing.ShardCount} shard(s), not {spec.ShardCount}");
            if (spec.RetentionHours.HasValue && spec.RetentionHours.Value != existing.RetentionHours)
                notes.Add($"its retention is {existing.RetentionHours} hours, not {spec.RetentionHours}");
            if (notes.Count > 0)
                Warning?.Invoke($"Stream '{spec.Name}' already exists and was left as it is: {string.Join("; ", notes)}. Use Set-AlonzoStream to change it.");
        }

        public async Task<AlonzoStream> WaitUntilActiveAsync(string name, TimeSpan timeout, IProgress<WaitProgress> progress, CancellationToken cancellationToken)
        {
            var waiter = new Waiter(ModelDelay, timeout);
            var result = await waiter.WaitAsync($"Waiting for stream '{name}' to become ACTIVE",
                async ct => await GetAsync(name, ct).ConfigureAwait(false),
                s =>
                {
                    if (s == null) return (WaitVerdict.Failure, "gone");
                    if (s.Status == "ACTIVE") return (WaitVerdict.Success, s.Status);
                    if (s.Status == "DELETING") return (WaitVerdict.Failure, s.Status);
                    return (WaitVerdict.Retry, s.Status);
                },
                progress, cancellationToken).ConfigureAwait(false);
            if (result == null || result.Status != "ACTIVE")
                throw new StreamStateException("StreamNotActive", name,
                    $"The stream '{name}' did not become ACTIVE: it is {(result == null ? "gone (deleted by someone else?)" : result.Status)}.");
            return result;
        }

        /// <summary>All streams, all pages, optionally filtered by a predicate on the name.</summary>
        public async Task<List<AlonzoStream>> ListAsync(Func<string, bool> nameFilter, bool describeEach, CancellationToken cancellationToken)
        {
            var names = new List<string>();
            var summaries = new Dictionary<string, StreamSummary>(StringComparer.Ordinal);
            string token = null;
            string lastName = null;
            do
            {
                // NextToken is the modern paginator; ExclusiveStartStreamName keeps older endpoints paging too.
                var page = await Kinesis.ListStreamsAsync(new ListStreamsRequest
                {
                    NextToken = token,
                    ExclusiveStartStreamName = token == null ? lastName : null,
                }, cancellationToken).ConfigureAwait(false);
                foreach (var n in page.StreamNames) names.Add(n);
                if (page.StreamSummaries != null)
                    foreach (var s in page.StreamSummaries) summaries[s.StreamName] = s;
                token = page.NextToken;
                lastName = page.StreamNames.Count > 0 ? page.StreamNames[page.StreamNames.Count - 1] : null;
                if (!page.HasMoreStreams || (token == null && lastName == null)) break;
            } while (true);

            var result = new List<AlonzoStream>();
            foreach (var name in names)
            {
                if (nameFilter != null && !nameFilter(name)) continue;
                if (describeEach)
                {
                    var stream = await GetAsync(name, cancellationToken).ConfigureAwait(false);
                    if (stream != null) result.Add(stream);
                }
                else
                {
                    summaries.TryGetValue(name, out var s);
                    result.Add(new AlonzoStream
                    {
                        StreamName = name,
                        StreamArn = s?.StreamARN,
                        Status = s?.StreamStatus,
                        Mode = s?.StreamModeDetails?.StreamMode,
                        CreatedAt = s?.StreamCreationTimestamp,
                        Region = _context.Region,
                    });
                }
            }
            return result;
        }

        /// <summary>Deletes the stream; returns false when it did not exist.</summary>
        public async Task<bool> RemoveAsync(string name, bool enforceConsumerDeletion, bool wait, TimeSpan timeout,
            IProgress<WaitProgress> progress, CancellationToken cancellationToken)
        {
            try
            {
                await Kinesis.DeleteStreamAsync(new DeleteStreamRequest { StreamName = name, EnforceConsumerDeletion = enforceConsumerDeletion ? true : (bool?)null }, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsResourceNotFoundException)
            {
                return false;
            }
            Info?.Invoke($"Deleting stream '{name}'.");
            if (wait)
            {
                var waiter = new Waiter(ModelDelay, timeout);
                await waiter.WaitAsync($"Waiting for stream '{name}' to be deleted",
                    ct => GetAsync(name, ct),
                    s => s == null ? (WaitVerdict.Success, "deleted") : (WaitVerdict.Retry, s.Status),
                    progress, cancellationToken).ConfigureAwait(false);
            }
            return true;
        }

        internal AlonzoStream ToStream(StreamDescriptionSummary s, ResourceAction action) => new AlonzoStream
        {
            StreamName = s.StreamName,
            StreamArn = s.StreamARN,
            Status = s.StreamStatus,
            Mode = s.StreamModeDetails?.StreamMode ?? "PROVISIONED",
            ShardCount = s.OpenShardCount,
            RetentionHours = s.RetentionPeriodHours,
            Encryption = s.EncryptionType ?? "NONE",
            Region = _context.Region,
            CreatedAt = s.StreamCreationTimestamp == default ? (DateTime?)null : s.StreamCreationTimestamp,
            Action = action,
        };
    }

    /// <summary>The stream is in a state that does not allow the operation.</summary>
    public sealed class StreamStateException : AlonzoOperationException
    {
        public StreamStateException(string errorId, string streamName, string message)
            : base(errorId, FailureKind.ResourceUnavailable, message)
        {
            StreamName = streamName;
        }

        public string StreamName { get; }
    }
}
