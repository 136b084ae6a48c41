using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Aws.Kinesis;
using Alonzo.Aws.Runtime;
using Alonzo.Resources;
using Alonzo.Sessions;
using Alonzo.Validation;
using Alonzo.Waiting;

namespace Alonzo.Streams
{
    /// <summary>What a stream should be. Null members are left as they are (or Kinesis's defaults on create).</summary>
    public sealed class StreamSpec
    {
        public string Name { get; set; }
        /// <summary>Open shards of a provisioned stream; null: one shard on create, unchanged otherwise.</summary>
        public int? ShardCount { get; set; }
        /// <summary>True: on-demand; false: provisioned; null: provisioned on create, unchanged otherwise.</summary>
        public bool? OnDemand { get; set; }
        public int? RetentionHours { get; set; }
        /// <summary>Added or updated, never removed.</summary>
        public IDictionary<string, string> Tags { get; set; }

        public void Validate()
        {
            NameRules.StreamName(Name);
            if (ShardCount.HasValue)
            {
                if (OnDemand == true)
                    throw new AlonzoValidationException("ConflictingCapacity", "ShardCount", ShardCount,
                        "-ShardCount and -OnDemand cannot be used together: on-demand streams scale their shards themselves.");
                NameRules.ShardCount(ShardCount.Value);
            }
            if (RetentionHours.HasValue) NameRules.RetentionHours(RetentionHours.Value);
            NameRules.Tags(Tags);
        }
    }

    /// <summary>
    /// The stream lifecycle through the resource contract: plan (create, or the mode, shard count,
    /// retention and tag changes that converge an existing stream), apply (each change followed by a
    /// wait for ACTIVE; shard counts beyond what one UpdateShardCount call allows reached in steps),
    /// read, list, and removal as a plan.
    /// </summary>
    public sealed class StreamOperations : IResourceOperations<StreamSpec, AlonzoStream>
    {
        // waiters-2.json, kinesis StreamExists/StreamNotExists: delay 10 s, 18 attempts (3 minutes).
        public static readonly TimeSpan ModelDelay = TimeSpan.FromSeconds(10);
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(180);

        private readonly AlonzoContext _context;
        private bool _splitMerge;

        public StreamOperations(AlonzoContext context)
        {
            _context = context;
        }

        /// <summary>Messages for Verbose: what was decided and why.</summary>
        public event Action<string> Info;
        /// <summary>Things the user asked for that were not done.</summary>
        public event Action<string> Warning;

        /// <summary>How long each wait for ACTIVE (or for the deletion) may take.</summary>
        public TimeSpan Timeout { get; set; } = DefaultTimeout;
        /// <summary>Wait until the stream is ACTIVE at the end (after a removal: until it is gone). Waits between changes happen regardless.</summary>
        public bool Wait { get; set; } = true;
        /// <summary>For removal: delete the stream's enhanced fan-out consumers too.</summary>
        public bool EnforceConsumerDeletion { get; set; }

        public ResourceKind Kind => ResourceKind.Stream;

        private IKinesisClient Kinesis => _context.Kinesis;

        public Task<AlonzoStream> ReadAsync(string name, CancellationToken cancellationToken) => GetAsync(name, cancellationToken);

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

        // ------------------------------------------------------------------ plan

        private sealed class StreamWork
        {
            public string ModeChange;
            public List<int> ShardSteps = new List<int>();
            public int? RetentionHours;
            public SortedDictionary<string, string> Tags;
            public StreamSpec Spec;
            /// <summary>A shard count was asked of a stream that stays on-demand, where Kinesis sets it.</summary>
            public bool ShardCountNotApplicable;
        }

        /// <summary>Reads the stream and works out what would make it match the spec; changes nothing.</summary>
        public async Task<ResourcePlan> PlanAsync(StreamSpec spec, ResourceScope scope, CancellationToken cancellationToken)
        {
            spec.Validate();
            var key = ResourceKey.Stream(spec.Name);
            var current = await GetAsync(spec.Name, cancellationToken).ConfigureAwait(false);
            var work = new StreamWork { Spec = spec };
            if (current == null)
            {
                var create = new ResourcePlan(key, PlanAction.Create) { State = work };
                bool onDemand = spec.OnDemand == true;
                create.Add(new ResourceChange(key, ChangeOperation.Create, "", null, spec.Name,
                    summary: onDemand ? "Create on-demand Kinesis stream" : $"Create Kinesis stream with {spec.ShardCount ?? 1} shard(s)",
                    done: onDemand ? $"Created on-demand stream {spec.Name}" : $"Created stream {spec.Name} with {spec.ShardCount ?? 1} shard(s)"));
                create.Property("Mode", onDemand ? "ON_DEMAND" : "PROVISIONED");
                if (!onDemand) create.Property("ShardCount", spec.ShardCount ?? 1);
                if (spec.RetentionHours.HasValue) create.Property("RetentionHours", spec.RetentionHours.Value);
                if (spec.Tags != null && spec.Tags.Count > 0) create.Property("Tags", TagDiff.Missing(null, spec.Tags));
                return create;
            }
            if (current.Status == "DELETING")
                throw new StreamStateException("StreamBeingDeleted", spec.Name,
                    $"The stream '{spec.Name}' is being deleted. Wait until it is gone (Remove-AlonzoStream -Name {spec.Name} -Wait) and run the command again.");

            var plan = new ResourcePlan(key, PlanAction.None) { Current = current, State = work };
            string mode = current.Mode ?? "PROVISIONED";
            if (spec.OnDemand == true && mode != "ON_DEMAND") work.ModeChange = "ON_DEMAND";
            if (spec.OnDemand == false && mode != "PROVISIONED") work.ModeChange = "PROVISIONED";
            if (work.ModeChange != null) plan.Set("Mode", mode, work.ModeChange, summary: $"switch capacity mode {mode} -> {work.ModeChange}");
            string finalMode = work.ModeChange ?? mode;

            if (spec.ShardCount.HasValue)
            {
                if (finalMode == "ON_DEMAND")
                    work.ShardCountNotApplicable = true;
                else
                {
                    // Switching to provisioned keeps the open shards the on-demand stream has.
                    work.ShardSteps.AddRange(ScalingSteps(current.ShardCount, spec.ShardCount.Value));
                    if (work.ShardSteps.Count > 0)
                        plan.Set("ShardCount", current.ShardCount, spec.ShardCount.Value,
                            summary: $"change shard count {current.ShardCount} -> {spec.ShardCount.Value}" +
                                     (work.ShardSteps.Count > 1 ? $" ({work.ShardSteps.Count} steps: {string.Join(", ", work.ShardSteps)})" : ""));
                }
            }
            if (spec.RetentionHours.HasValue && spec.RetentionHours.Value != current.RetentionHours)
            {
                work.RetentionHours = spec.RetentionHours.Value;
                plan.Set("RetentionHours", current.RetentionHours, spec.RetentionHours.Value,
                    summary: $"set retention {current.RetentionHours} -> {spec.RetentionHours.Value} hours");
            }
            if (spec.Tags != null && spec.Tags.Count > 0)
            {
                current.Tags = await ListTagsAsync(spec.Name, cancellationToken).ConfigureAwait(false);
                var tagChange = TagDiff.Plan(plan, current.Tags, spec.Tags,
                    t => "set tags " + ResourceChange.Show(t), t => "Tagged " + string.Join(", ", t.Keys));
                if (tagChange != null) work.Tags = (SortedDictionary<string, string>)tagChange.Payload;
            }
            if (plan.Changes.Count > 0) plan.Action = PlanAction.Update;
            return plan;
        }

        /// <summary>
        /// For Set-AlonzoStream: the plan of a stream that must exist, and whose shard count can be set.
        /// </summary>
        public async Task<ResourcePlan> PlanUpdateAsync(StreamSpec spec, CancellationToken cancellationToken)
        {
            var plan = await PlanAsync(spec, null, cancellationToken).ConfigureAwait(false);
            if (plan.Action == PlanAction.Create)
                throw new AlonzoOperationException("StreamNotFound", FailureKind.ObjectNotFound,
                    $"No stream named '{spec.Name}' in region {_context.Region}.",
                    "Check the name with Get-AlonzoStream, or create the stream with New-AlonzoStream.");
            if (((StreamWork)plan.State).ShardCountNotApplicable)
                throw new AlonzoValidationException("StreamIsOnDemand", "ShardCount", spec.ShardCount,
                    $"-ShardCount: the stream '{spec.Name}' is on-demand, where Kinesis sets the shard count. Add -Provisioned to switch it to provisioned capacity with {spec.ShardCount} shard(s).");
            return plan;
        }

        /// <summary>
        /// For New-AlonzoStream on a stream that exists: it is left as it is, and any difference from
        /// the spec is said once as a warning (Set-AlonzoStream or a pipeline converges it).
        /// </summary>
        public ResourcePlan LeaveAsItIs(ResourcePlan plan)
        {
            var existing = (AlonzoStream)plan.Current;
            if (existing == null) return plan;
            Info?.Invoke($"Stream '{plan.Name}' already exists ({existing.Status}, {existing.Mode}, {existing.ShardCount} open shard(s)); left as it is.");
            var notes = plan.Changes.Select(Drift).Where(n => n != null).ToList();
            if (notes.Count > 0)
                Warning?.Invoke($"Stream '{plan.Name}' already exists and was left as it is: {string.Join("; ", notes)}. Use Set-AlonzoStream to change it.");
            return new ResourcePlan(plan.Key, PlanAction.None) { Current = existing, State = new StreamWork { Spec = ((StreamWork)plan.State).Spec } };
        }

        private static string Drift(ResourceChange change)
        {
            switch (change.Path)
            {
                case "Mode": return $"it is {change.Before}, not {(Equals(change.After, "ON_DEMAND") ? "on-demand" : "provisioned")}";
                case "ShardCount": return $"it has {change.Before} shard(s), not {change.After}";
                case "RetentionHours": return $"its retention is {change.Before} hours, not {change.After}";
                default: return null;
            }
        }

        /// <summary>The shard counts one UpdateShardCount call at a time must pass through (at most double, at least half, per call).</summary>
        public static List<int> ScalingSteps(int current, int target)
        {
            var steps = new List<int>();
            int n = current;
            while (n != target)
            {
                if (target > n) n = (int)Math.Min(target, 2L * n);
                else n = Math.Max(target, (n + 1) / 2);
                steps.Add(n);
            }
            return steps;
        }

        /// <summary>Removal: delete the stream (and its consumers with EnforceConsumerDeletion), then wait until it is gone when Wait is set.</summary>
        public async Task<ResourcePlan> PlanRemoveAsync(string name, ResourceScope scope, CancellationToken cancellationToken)
        {
            NameRules.StreamName(name);
            var key = ResourceKey.Stream(name);
            var current = await GetAsync(name, cancellationToken).ConfigureAwait(false);
            var plan = new ResourcePlan(key, current == null ? PlanAction.None : PlanAction.Remove) { Current = current };
            if (current == null) return plan;
            plan.Add(new ResourceChange(key, ChangeOperation.Delete, "", current.StreamName, null,
                summary: EnforceConsumerDeletion ? "Delete Kinesis stream, its consumers and all its records" : "Delete Kinesis stream and all its records",
                done: $"Deleted stream {name}"));
            if (Wait) plan.Add(new ResourceChange(key, ChangeOperation.Wait, "Deleted", null, null, summary: "Wait until the stream is gone", done: "Stream is gone"));
            return plan;
        }

        // ------------------------------------------------------------------ apply

        public async Task<AlonzoStream> ApplyAsync(ResourcePlan plan, ResourceScope scope, CancellationToken cancellationToken)
        {
            scope = scope ?? new ResourceScope();
            var work = plan.State as StreamWork;
            AlonzoStream result;
            switch (plan.Action)
            {
                case PlanAction.None:
                    result = (AlonzoStream)plan.Current;
                    if (result == null) return null;
                    if (Wait && result.Status != "ACTIVE")
                        result = await WaitUntilActiveAsync(plan.Name, Timeout, scope.Progress, cancellationToken).ConfigureAwait(false);
                    result.Action = ResourceAction.Unchanged;
                    break;
                case PlanAction.Create:
                    result = await CreateAsync(work.Spec, scope.Progress, cancellationToken).ConfigureAwait(false);
                    break;
                case PlanAction.Update:
                    result = await UpdateAsync(plan, Approved(plan, work, scope), scope.Progress, cancellationToken).ConfigureAwait(false);
                    if (result == null) return null;
                    break;
                case PlanAction.Remove:
                    await RemoveAsync(plan.Name, EnforceConsumerDeletion, Wait, Timeout, scope.Progress, cancellationToken).ConfigureAwait(false);
                    plan.Result = null;
                    return null;
                default:
                    throw new InvalidOperationException($"A stream plan cannot {plan.Action}.");
            }
            plan.Result = result;
            scope.AddResult(plan.Key, a => a == "Arn" ? result.StreamArn : null);
            return result;
        }

        /// <summary>The part of the work whose changes the scope approves; null when none is.</summary>
        private static StreamWork Approved(ResourcePlan plan, StreamWork work, ResourceScope scope)
        {
            bool Has(string path) => plan.Changes.Any(c => c.Path == path && scope.IsApproved(c));
            var approved = new StreamWork
            {
                Spec = work.Spec,
                ModeChange = Has("Mode") ? work.ModeChange : null,
                RetentionHours = Has("RetentionHours") ? work.RetentionHours : null,
                Tags = Has("Tags") ? work.Tags : null,
            };
            if (Has("ShardCount")) approved.ShardSteps.AddRange(work.ShardSteps);
            bool any = approved.ModeChange != null || approved.RetentionHours != null || approved.Tags != null || approved.ShardSteps.Count > 0;
            return any ? approved : null;
        }

        private async Task<AlonzoStream> CreateAsync(StreamSpec spec, IProgress<WaitProgress> progress, CancellationToken cancellationToken)
        {
            bool onDemand = spec.OnDemand == true;
            var request = new CreateStreamRequest
            {
                StreamName = spec.Name,
                ShardCount = onDemand ? (int?)null : spec.ShardCount ?? 1,
                StreamModeDetails = new StreamModeDetails { StreamMode = onDemand ? "ON_DEMAND" : "PROVISIONED" },
                Tags = spec.Tags != null && spec.Tags.Count > 0 ? new Dictionary<string, string>(spec.Tags) : null,
            };
            try
            {
                await Kinesis.CreateStreamAsync(request, cancellationToken).ConfigureAwait(false);
                Info?.Invoke($"Creating stream '{spec.Name}' ({(onDemand ? "on-demand" : $"{request.ShardCount} shard(s)")}).");
            }
            catch (AwsConflictException e) when (e.ErrorCode == "ResourceInUseException")
            {
                // Someone else created it between our read and our create: use theirs.
                Info?.Invoke($"Stream '{spec.Name}' was created by another caller at the same time; using it.");
                var raced = await GetAsync(spec.Name, cancellationToken).ConfigureAwait(false);
                if (raced != null && raced.Status != "DELETING")
                {
                    if (Wait && raced.Status != "ACTIVE")
                        raced = await WaitUntilActiveAsync(spec.Name, Timeout, progress, cancellationToken).ConfigureAwait(false);
                    raced.Action = ResourceAction.Unchanged;
                    return raced;
                }
                throw;
            }

            bool hasTags = spec.Tags != null && spec.Tags.Count > 0;
            AlonzoStream created;
            // Retention and tag fixes need an ACTIVE stream, hence the wait even without Wait.
            if (Wait || spec.RetentionHours.HasValue || hasTags)
                created = await WaitUntilActiveAsync(spec.Name, Timeout, progress, cancellationToken).ConfigureAwait(false);
            else
                created = await GetAsync(spec.Name, cancellationToken).ConfigureAwait(false) ?? new AlonzoStream { StreamName = spec.Name, Status = "CREATING", Region = _context.Region };

            if (hasTags)
                await EnsureTagsAsync(spec.Name, spec.Tags, cancellationToken).ConfigureAwait(false);

            if (spec.RetentionHours.HasValue && spec.RetentionHours.Value != created.RetentionHours)
            {
                await SetRetentionAsync(spec.Name, created.RetentionHours, spec.RetentionHours.Value, cancellationToken).ConfigureAwait(false);
                created = Wait
                    ? await WaitUntilActiveAsync(spec.Name, Timeout, progress, cancellationToken).ConfigureAwait(false)
                    : await GetAsync(spec.Name, cancellationToken).ConfigureAwait(false) ?? created;
            }
            created.Action = ResourceAction.Created;
            return created;
        }

        private async Task<AlonzoStream> UpdateAsync(ResourcePlan plan, StreamWork work, IProgress<WaitProgress> progress, CancellationToken cancellationToken)
        {
            if (work == null) return null;
            var name = plan.Name;
            var stream = (AlonzoStream)plan.Current;
            int changes = (work.ModeChange != null ? 1 : 0) + work.ShardSteps.Count + (work.RetentionHours != null ? 1 : 0);
            int done = 0;
            // Kinesis takes a change only while the stream is ACTIVE.
            if (stream.Status != "ACTIVE")
                stream = await WaitUntilActiveAsync(name, Timeout, progress, cancellationToken).ConfigureAwait(false);

            async Task Settle()
            {
                done++;
                if (done < changes || Wait)
                    stream = await WaitUntilActiveAsync(name, Timeout, progress, cancellationToken).ConfigureAwait(false);
                else
                    stream = await GetAsync(name, cancellationToken).ConfigureAwait(false) ?? stream;
            }

            if (work.ModeChange != null)
            {
                await Kinesis.UpdateStreamModeAsync(new UpdateStreamModeRequest
                {
                    StreamARN = stream.StreamArn,
                    StreamModeDetails = new StreamModeDetails { StreamMode = work.ModeChange },
                }, cancellationToken).ConfigureAwait(false);
                Info?.Invoke($"Switching stream '{name}' from {stream.Mode} to {work.ModeChange} capacity.");
                await Settle().ConfigureAwait(false);
            }

            if (work.ShardSteps.Count > 1)
                Info?.Invoke($"Kinesis changes a stream to at most double or half its open shards per call; going from {stream.ShardCount} to {work.ShardSteps[work.ShardSteps.Count - 1]} shards in {work.ShardSteps.Count} steps ({string.Join(" -> ", new[] { stream.ShardCount }.Concat(work.ShardSteps))}).");
            foreach (int target in work.ShardSteps)
            {
                int from = stream.ShardCount;
                await ReshardAsync(name, from, target, Timeout, progress, cancellationToken).ConfigureAwait(false);
                await Settle().ConfigureAwait(false);
                Info?.Invoke($"Stream '{name}' resharded from {from} to {target} shards.");
            }

            if (work.RetentionHours != null)
            {
                await SetRetentionAsync(name, stream.RetentionHours, work.RetentionHours.Value, cancellationToken).ConfigureAwait(false);
                await Settle().ConfigureAwait(false);
            }

            if (work.Tags != null && work.Tags.Count > 0)
                await AddTagsAsync(name, work.Tags, cancellationToken).ConfigureAwait(false);
            stream.Action = ResourceAction.Updated;
            return stream;
        }

        /// <summary>
        /// Tags go in CreateStream (so tag-based access policies apply from the start), but some
        /// endpoints ignore them there; this checks and adds what is missing.
        /// </summary>
        public async Task EnsureTagsAsync(string name, IDictionary<string, string> wanted, CancellationToken cancellationToken)
        {
            var missing = TagDiff.Missing(await ListTagsAsync(name, cancellationToken).ConfigureAwait(false), wanted);
            await AddTagsAsync(name, missing, cancellationToken).ConfigureAwait(false);
        }

        private async Task AddTagsAsync(string name, IDictionary<string, string> tags, CancellationToken cancellationToken)
        {
            var list = tags.ToList();
            // AddTagsToStream takes at most 10 tags per call.
            for (int i = 0; i < list.Count; i += 10)
            {
                var chunk = list.Skip(i).Take(10).ToDictionary(t => t.Key, t => t.Value ?? "");
                await Kinesis.AddTagsToStreamAsync(new AddTagsToStreamRequest { StreamName = name, Tags = chunk }, cancellationToken).ConfigureAwait(false);
            }
            if (list.Count > 0) Info?.Invoke($"Tagged stream '{name}': {string.Join(", ", list.Select(t => t.Key))}.");
        }

        public async Task<Dictionary<string, string>> ListTagsAsync(string name, CancellationToken cancellationToken)
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
            return current;
        }

        public async Task SetRetentionAsync(string name, int current, int wanted, CancellationToken cancellationToken)
        {
            if (wanted > current)
                await Kinesis.IncreaseStreamRetentionPeriodAsync(name, wanted, cancellationToken).ConfigureAwait(false);
            else if (wanted < current)
                await Kinesis.DecreaseStreamRetentionPeriodAsync(name, wanted, cancellationToken).ConfigureAwait(false);
            Info?.Invoke($"Retention of stream '{name}' set to {wanted} hours (was {current}).");
        }

        private async Task ReshardAsync(string name, int from, int target, TimeSpan timeout, IProgress<WaitProgress> progress, CancellationToken cancellationToken)
        {
            if (!_splitMerge)
            {
                try
                {
                    await Kinesis.UpdateShardCountAsync(new UpdateShardCountRequest { StreamName = name, TargetShardCount = target, ScalingType = "UNIFORM_SCALING" }, cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (AwsServiceException e) when (e.ErrorCode == "UnknownOperationException")
                {
                    // Some endpoints (kinesalite, for one) have SplitShard and MergeShards but no UpdateShardCount.
                    _splitMerge = true;
                    Info?.Invoke($"The endpoint does not support UpdateShardCount; resharding with SplitShard and MergeShards instead.");
                }
            }

            // Uniform scaling by hand: split the widest shard at its middle, or merge the narrowest adjacent pair.
            int count = from;
            while (count != target)
            {
                var open = (await OpenShardsAsync(name, cancellationToken).ConfigureAwait(false));
                count = open.Count;
                if (count == target) break;
                if (count < target)
                {
                    var widest = open.OrderByDescending(s => s.End - s.Start).ThenBy(s => s.Start).First();
                    var middle = widest.Start + (widest.End - widest.Start + 1) / 2;
                    await Kinesis.SplitShardAsync(new SplitShardRequest
                    {
                        StreamName = name,
                        ShardToSplit = widest.Id,
                        NewStartingHashKey = middle.ToString(CultureInfo.InvariantCulture),
                    }, cancellationToken).ConfigureAwait(false);
                    Info?.Invoke($"Split {widest.Id} of stream '{name}' at hash key {middle}.");
                }
                else
                {
                    var pairs = open.Zip(open.Skip(1), (a, b) => (a, b)).Where(p => p.a.End + 1 == p.b.Start).ToList();
                    if (pairs.Count == 0)
                        throw new AlonzoOperationException("ReshardFailed", FailureKind.InvalidOperation,
                            $"Stream '{name}' has no adjacent open shards to merge.", null);
                    var (a, b) = pairs.OrderBy(p => p.b.End - p.a.Start).First();
                    await Kinesis.MergeShardsAsync(new MergeShardsRequest { StreamName = name, ShardToMerge = a.Id, AdjacentShardToMerge = b.Id }, cancellationToken).ConfigureAwait(false);
                    Info?.Invoke($"Merged {a.Id} and {b.Id} of stream '{name}'.");
                }
                // Each split or merge leaves the stream UPDATING; the next one needs it ACTIVE again.
                await WaitUntilActiveAsync(name, timeout, progress, cancellationToken).ConfigureAwait(false);
                count = -1;
            }
        }

        private async Task<List<(string Id, BigInteger Start, BigInteger End)>> OpenShardsAsync(string name, CancellationToken cancellationToken)
        {
            var shards = await Paginator.AllAsync("ListShards", async (token, ct) =>
            {
                // The stream name goes with the first page only; later pages carry just the token.
                var page = await Kinesis.ListShardsAsync(new ListShardsRequest { StreamName = token == null ? name : null, NextToken = token }, ct).ConfigureAwait(false);
                return ((IEnumerable<Shard>)page.Shards ?? new List<Shard>(), Paginator.Next(page.NextToken));
            }, cancellationToken).ConfigureAwait(false);
            var open = shards.Where(s => s.SequenceNumberRange?.EndingSequenceNumber == null)
                .Select(s => (s.ShardId,
                    BigInteger.Parse(s.HashKeyRange.StartingHashKey, CultureInfo.InvariantCulture),
                    BigInteger.Parse(s.HashKeyRange.EndingHashKey, CultureInfo.InvariantCulture)))
                .ToList();
            return open.OrderBy(s => s.Item2).ToList();
        }

        // ------------------------------------------------------------------ wait, list, delete

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
