using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Aws.Kinesis;
using Alonzo.Aws.Runtime;
using Alonzo.Sessions;
using Alonzo.Validation;
using Alonzo.Waiting;

namespace Alonzo.Streams
{
    /// <summary>What Set-AlonzoStream was asked for; null members stay as they are.</summary>
    public sealed class StreamUpdateSpec
    {
        public string Name { get; set; }
        public int? ShardCount { get; set; }
        /// <summary>True: on-demand; false: provisioned; null: keep the capacity mode.</summary>
        public bool? OnDemand { get; set; }
        public int? RetentionHours { get; set; }

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
        }
    }

    /// <summary>The changes that bring a stream to a <see cref="StreamUpdateSpec"/>, worked out before any of them is made.</summary>
    public sealed class StreamUpdatePlan
    {
        public AlonzoStream Current { get; set; }
        public string ModeChange { get; set; }
        /// <summary>Shard counts to pass through, one UpdateShardCount call each (the last is the target).</summary>
        public List<int> ShardSteps { get; } = new List<int>();
        public int? RetentionHours { get; set; }
        public bool IsEmpty => ModeChange == null && ShardSteps.Count == 0 && RetentionHours == null;

        /// <summary>For ShouldProcess: "change shard count 1 -> 4 (2 steps: 2, 4); set retention 24 -> 48 hours".</summary>
        public string Describe()
        {
            var parts = new List<string>();
            if (ModeChange != null) parts.Add($"switch capacity mode {Current.Mode} -> {ModeChange}");
            if (ShardSteps.Count > 0)
                parts.Add($"change shard count {Current.ShardCount} -> {ShardSteps[ShardSteps.Count - 1]}" +
                          (ShardSteps.Count > 1 ? $" ({ShardSteps.Count} steps: {string.Join(", ", ShardSteps)})" : ""));
            if (RetentionHours != null) parts.Add($"set retention {Current.RetentionHours} -> {RetentionHours} hours");
            return string.Join("; ", parts);
        }
    }

    /// <summary>
    /// Converges an existing stream's capacity mode, shard count and retention: only what differs is
    /// changed, each change is followed by a wait for ACTIVE, and shard counts beyond what one
    /// UpdateShardCount call allows (double or half the open shards) are reached in steps.
    /// </summary>
    public sealed class StreamUpdater
    {
        private readonly AlonzoContext _context;
        private readonly StreamOperations _streams;
        private bool _splitMerge;

        public StreamUpdater(AlonzoContext context)
        {
            _context = context;
            _streams = new StreamOperations(context);
            _streams.Info += m => Info?.Invoke(m);
        }

        public event Action<string> Info;

        private IKinesisClient Kinesis => _context.Kinesis;

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

        public async Task<StreamUpdatePlan> PlanAsync(StreamUpdateSpec spec, CancellationToken cancellationToken)
        {
            spec.Validate();
            var current = await _streams.GetAsync(spec.Name, cancellationToken).ConfigureAwait(false);
            if (current == null)
                throw new AlonzoOperationException("StreamNotFound", FailureKind.ObjectNotFound,
                    $"No stream named '{spec.Name}' in region {_context.Region}.",
                    "Check the name with Get-AlonzoStream, or create the stream with New-AlonzoStream.");
            if (current.Status == "DELETING")
                throw new StreamStateException("StreamBeingDeleted", spec.Name, $"The stream '{spec.Name}' is being deleted; it cannot be changed.");

            var plan = new StreamUpdatePlan { Current = current };
            string mode = current.Mode ?? "PROVISIONED";
            if (spec.OnDemand == true && mode != "ON_DEMAND") plan.ModeChange = "ON_DEMAND";
            if (spec.OnDemand == false && mode != "PROVISIONED") plan.ModeChange = "PROVISIONED";
            string finalMode = plan.ModeChange ?? mode;

            if (spec.ShardCount.HasValue)
            {
                if (finalMode == "ON_DEMAND")
                    throw new AlonzoValidationException("StreamIsOnDemand", "ShardCount", spec.ShardCount,
                        $"-ShardCount: the stream '{spec.Name}' is on-demand, where Kinesis sets the shard count. Add -Provisioned to switch it to provisioned capacity with {spec.ShardCount} shard(s).");
                // Switching to provisioned keeps the open shards the on-demand stream has.
                plan.ShardSteps.AddRange(ScalingSteps(current.ShardCount, spec.ShardCount.Value));
            }
            if (spec.RetentionHours.HasValue && spec.RetentionHours.Value != current.RetentionHours)
                plan.RetentionHours = spec.RetentionHours.Value;
            return plan;
        }

        public async Task<AlonzoStream> ApplyAsync(StreamUpdatePlan plan, bool waitAtEnd, TimeSpan timeout, IProgress<WaitProgress> progress, CancellationToken cancellationToken)
        {
            var name = plan.Current.StreamName;
            var stream = plan.Current;
            if (plan.IsEmpty)
            {
                Info?.Invoke($"Stream '{name}' already is as asked ({stream.Mode}, {stream.ShardCount} open shard(s), {stream.RetentionHours} hours retention); nothing to change.");
                stream.Action = ResourceAction.Unchanged;
                return stream;
            }
            int changes = (plan.ModeChange != null ? 1 : 0) + plan.ShardSteps.Count + (plan.RetentionHours != null ? 1 : 0);
            int done = 0;
            // Kinesis takes a change only while the stream is ACTIVE.
            if (stream.Status != "ACTIVE")
                stream = await _streams.WaitUntilActiveAsync(name, timeout, progress, cancellationToken).ConfigureAwait(false);

            async Task Settle()
            {
                done++;
                if (done < changes || waitAtEnd)
                    stream = await _streams.WaitUntilActiveAsync(name, timeout, progress, cancellationToken).ConfigureAwait(false);
                else
                    stream = await _streams.GetAsync(name, cancellationToken).ConfigureAwait(false) ?? stream;
            }

            if (plan.ModeChange != null)
            {
                await Kinesis.UpdateStreamModeAsync(new UpdateStreamModeRequest
                {
                    StreamARN = stream.StreamArn,
                    StreamModeDetails = new StreamModeDetails { StreamMode = plan.ModeChange },
                }, cancellationToken).ConfigureAwait(false);
                Info?.Invoke($"Switching stream '{name}' from {stream.Mode} to {plan.ModeChange} capacity.");
                await Settle().ConfigureAwait(false);
            }

            if (plan.ShardSteps.Count > 1)
                Info?.Invoke($"Kinesis changes a stream to at most double or half its open shards per call; going from {stream.ShardCount} to {plan.ShardSteps[plan.ShardSteps.Count - 1]} shards in {plan.ShardSteps.Count} steps ({string.Join(" -> ", new[] { stream.ShardCount }.Concat(plan.ShardSteps))}).");
            foreach (int target in plan.ShardSteps)
            {
                int from = stream.ShardCount;
                await ReshardAsync(name, from, target, timeout, progress, cancellationToken).ConfigureAwait(false);
                await Settle().ConfigureAwait(false);
                Info?.Invoke($"Stream '{name}' resharded from {from} to {target} shards.");
            }

            if (plan.RetentionHours != null)
            {
                await _streams.SetRetentionAsync(name, stream.RetentionHours, plan.RetentionHours.Value, cancellationToken).ConfigureAwait(false);
                await Settle().ConfigureAwait(false);
            }
            stream.Action = ResourceAction.Updated;
            return stream;
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
                await _streams.WaitUntilActiveAsync(name, timeout, progress, cancellationToken).ConfigureAwait(false);
                count = -1;
            }
        }

        private async Task<List<(string Id, BigInteger Start, BigInteger End)>> OpenShardsAsync(string name, CancellationToken cancellationToken)
        {
            var open = new List<(string, BigInteger, BigInteger)>();
            string token = null;
            do
            {
                var page = await Kinesis.ListShardsAsync(new ListShardsRequest { StreamName = token == null ? name : null, NextToken = token }, cancellationToken).ConfigureAwait(false);
                foreach (var s in page.Shards ?? new List<Shard>())
                {
                    if (s.SequenceNumberRange?.EndingSequenceNumber != null) continue;
                    open.Add((s.ShardId,
                        BigInteger.Parse(s.HashKeyRange.StartingHashKey, CultureInfo.InvariantCulture),
                        BigInteger.Parse(s.HashKeyRange.EndingHashKey, CultureInfo.InvariantCulture)));
                }
                token = string.IsNullOrEmpty(page.NextToken) ? null : page.NextToken;
            } while (token != null);
            return open.OrderBy(s => s.Item2).ToList();
        }
    }
}
