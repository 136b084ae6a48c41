using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Aws.Lambda;
using Alonzo.Aws.Runtime;
using Alonzo.Functions;
using Alonzo.Sessions;
using Alonzo.Waiting;

namespace Alonzo.Mappings
{
    /// <summary>What Add-AlonzoEventMapping would do: create, update the listed settings, replace, or nothing.</summary>
    public sealed class EventMappingPlan
    {
        internal EventMappingPlan(EventMappingSpec spec, string sourceArn, EventSourceMappingConfiguration existing)
        {
            Spec = spec;
            SourceArn = sourceArn;
            Existing = existing;
        }

        public EventMappingSpec Spec { get; }
        public string SourceArn { get; }
        internal EventSourceMappingConfiguration Existing { get; }
        public bool IsCreate => Existing == null;
        /// <summary>The starting position differs; only deleting and recreating can change it.</summary>
        public bool NeedsReplace { get; internal set; }
        public bool IsEmpty => !IsCreate && !NeedsReplace && Changes.Count == 0;
        public List<string> Changes { get; } = new List<string>();
        internal UpdateEventSourceMappingRequest Update { get; set; }
    }

    /// <summary>
    /// Converges the mapping between one function and one stream. Lambda refuses a second mapping for
    /// the same pair, but emulators do not, so Alonzo always looks first and never relies on the
    /// service to refuse a duplicate.
    /// </summary>
    public sealed class EventMappingOperations
    {
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(300);
        private static readonly string[] SettledStates = { "Enabled", "Disabled" };
        private static readonly string[] StreamReadPermissions =
        {
            "kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator",
            "kinesis:ListShards", "kinesis:ListStreams",
        };

        private readonly AlonzoContext _context;

        public EventMappingOperations(AlonzoContext context)
        {
            _context = context;
        }

        public event Action<string> Info;
        public event Action<string> Warning;

        public TimeSpan Timeout { get; set; } = DefaultTimeout;
        /// <summary>How long to keep retrying while Lambda says the function's role cannot read the stream (IAM may still be propagating).</summary>
        public TimeSpan PermissionPropagationTimeout { get; set; } = TimeSpan.FromSeconds(90);
        public TimeSpan PermissionRetryFirstDelay { get; set; } = TimeSpan.FromSeconds(2);

        private ILambdaClient Lambda => _context.Lambda;

        public async Task<string> ResolveSourceArnAsync(EventMappingSpec spec, CancellationToken cancellationToken)
        {
            if (spec.EventSourceArn != null) return spec.EventSourceArn;
            try
            {
                var summary = await _context.Kinesis.DescribeStreamSummaryAsync(spec.StreamName, cancellationToken).ConfigureAwait(false);
                return summary.StreamARN;
            }
            catch (AwsResourceNotFoundException)
            {
                throw new AlonzoOperationException("StreamNotFound", FailureKind.ObjectNotFound,
                    $"No stream named '{spec.StreamName}' in region {_context.Region}.", $"Create it with New-AlonzoStream -Name {spec.StreamName}.");
            }
        }

        /// <summary>Mappings for a function and/or a source, all pages; filtered here as well, since not every endpoint filters.</summary>
        public async Task<List<AlonzoEventMapping>> ListAsync(string functionName, string sourceArn, CancellationToken cancellationToken)
        {
            var found = await ListRawAsync(functionName, sourceArn, cancellationToken).ConfigureAwait(false);
            return found.Select(m => ToMapping(m, ResourceAction.None, null)).ToList();
        }

        private async Task<List<EventSourceMappingConfiguration>> ListRawAsync(string functionName, string sourceArn, CancellationToken cancellationToken)
        {
            var result = new List<EventSourceMappingConfiguration>();
            string marker = null;
            do
            {
                ListEventSourceMappingsResponse page;
                try
                {
                    page = await Lambda.ListEventSourceMappingsAsync(sourceArn, functionName, marker, null, cancellationToken).ConfigureAwait(false);
                }
                catch (AwsServiceException e) when (functionName != null && (e is AwsResourceNotFoundException ||
                    (e.ErrorCode == "InvalidParameterValueException" && (e.ServiceMessage ?? "").IndexOf("function", StringComparison.OrdinalIgnoreCase) >= 0)))
                {
                    // Lambda may refuse to list mappings of a function that does not exist.
                    throw FunctionNotFound(functionName, e);
                }
                result.AddRange(page.EventSourceMappings.Where(m =>
                    (sourceArn == null || m.EventSourceArn == sourceArn) &&
                    (functionName == null || FunctionMatches(m.FunctionArn, functionName))));
                marker = string.IsNullOrEmpty(page.NextMarker) ? null : page.NextMarker;
            } while (marker != null);
            return result;
        }

        private static bool FunctionMatches(string functionArn, string nameOrArn)
        {
            if (functionArn == null) return false;
            if (FunctionRules.IsArn(nameOrArn)) return functionArn == nameOrArn || functionArn.StartsWith(nameOrArn + ":", StringComparison.Ordinal);
            var parts = functionArn.Split(':');
            int at = Array.IndexOf(parts, "function");
            return at >= 0 && at + 1 < parts.Length && parts[at + 1] == nameOrArn;
        }

        public async Task<AlonzoEventMapping> GetAsync(string uuid, CancellationToken cancellationToken)
        {
            try
            {
                return ToMapping(await Lambda.GetEventSourceMappingAsync(uuid, cancellationToken).ConfigureAwait(false), ResourceAction.None, null);
            }
            catch (AwsResourceNotFoundException)
            {
                return null;
            }
        }

        /// <summary>Looks at what exists and works out what would change; changes nothing.</summary>
        public async Task<EventMappingPlan> PlanAsync(EventMappingSpec spec, CancellationToken cancellationToken)
        {
            spec.Validate();
            string sourceArn = await ResolveSourceArnAsync(spec, cancellationToken).ConfigureAwait(false);
            var existing = (await ListRawAsync(spec.FunctionName, sourceArn, cancellationToken).ConfigureAwait(false))
                .Where(m => m.State != "Deleting")
                .OrderBy(m => m.LastModified ?? DateTime.MinValue)
                .ToList();
            if (existing.Count > 1)
                Warning?.Invoke($"There are {existing.Count} mappings from '{StreamArns.NameFromArn(sourceArn)}' to '{spec.FunctionName}' (AWS allows one); converging {existing[0].UUID}. Remove the others with Remove-AlonzoEventMapping -UUID {string.Join(", ", existing.Skip(1).Select(m => m.UUID))}.");

            var plan = new EventMappingPlan(spec, sourceArn, existing.FirstOrDefault());
            if (plan.IsCreate)
            {
                // Not every endpoint refuses to list the mappings of a missing function, and the create would
                // be the first write: a missing function is found out by a read.
                await RequireFunctionAsync(spec.FunctionName, cancellationToken).ConfigureAwait(false);
                plan.Changes.Add($"Create mapping from {sourceArn} to function {spec.FunctionName} (starting at {spec.StartingPosition ?? EventMappingSpec.DefaultStartingPosition})");
                return plan;
            }

            var m = plan.Existing;
            if (spec.StartingPosition != null && (spec.StartingPosition != m.StartingPosition ||
                (spec.StartingPosition == "AT_TIMESTAMP" && !SameInstant(spec.StartingPositionTimestamp, m.StartingPositionTimestamp))))
            {
                plan.NeedsReplace = true;
                plan.Changes.Add($"Replace mapping {m.UUID}: starting position {m.StartingPosition} -> {spec.StartingPosition}");
                return plan;
            }

            var update = new UpdateEventSourceMappingRequest();
            bool any = false;
            void Note(string what, object from, object to) { plan.Changes.Add($"{what} {from?.ToString() ?? "(default)"} -> {to}"); any = true; }
            if (spec.BatchSize.HasValue && spec.BatchSize != m.BatchSize) { update.BatchSize = spec.BatchSize; Note("BatchSize", m.BatchSize, spec.BatchSize); }
            if (spec.MaximumBatchingWindowInSeconds.HasValue && spec.MaximumBatchingWindowInSeconds != (m.MaximumBatchingWindowInSeconds ?? 0))
            { update.MaximumBatchingWindowInSeconds = spec.MaximumBatchingWindowInSeconds; Note("MaximumBatchingWindowInSeconds", m.MaximumBatchingWindowInSeconds, spec.MaximumBatchingWindowInSeconds); }
            if (spec.ParallelizationFactor.HasValue && spec.ParallelizationFactor != (m.ParallelizationFactor ?? 1))
            { update.ParallelizationFactor = spec.ParallelizationFactor; Note("ParallelizationFactor", m.ParallelizationFactor, spec.ParallelizationFactor); }
            if (spec.BisectBatchOnFunctionError.HasValue && spec.BisectBatchOnFunctionError != (m.BisectBatchOnFunctionError ?? false))
            { update.BisectBatchOnFunctionError = spec.BisectBatchOnFunctionError; Note("BisectBatchOnFunctionError", m.BisectBatchOnFunctionError, spec.BisectBatchOnFunctionError); }
            if (spec.MaximumRetryAttempts.HasValue && spec.MaximumRetryAttempts != (m.MaximumRetryAttempts ?? -1))
            { update.MaximumRetryAttempts = spec.MaximumRetryAttempts; Note("MaximumRetryAttempts", m.MaximumRetryAttempts, spec.MaximumRetryAttempts); }
            if (spec.MaximumRecordAgeInSeconds.HasValue && spec.MaximumRecordAgeInSeconds != (m.MaximumRecordAgeInSeconds ?? -1))
            { update.MaximumRecordAgeInSeconds = spec.MaximumRecordAgeInSeconds; Note("MaximumRecordAgeInSeconds", m.MaximumRecordAgeInSeconds, spec.MaximumRecordAgeInSeconds); }
            string currentDestination = m.DestinationConfig?.OnFailure?.Destination;
            if (spec.OnFailureDestinationArn != null && spec.OnFailureDestinationArn != (currentDestination ?? ""))
            {
                update.DestinationConfig = new DestinationConfig { OnFailure = new OnFailureDestination { Destination = spec.OnFailureDestinationArn } };
                Note("OnFailureDestination", currentDestination, spec.OnFailureDestinationArn);
            }
            if (spec.Enabled.HasValue)
            {
                bool enabled = m.State == "Enabled" || m.State == "Enabling" || m.State == "Creating";
                if (spec.Enabled.Value != enabled) { update.Enabled = spec.Enabled; Note("State", m.State, spec.Enabled.Value ? "Enabled" : "Disabled"); }
            }
            if (any) plan.Update = update;
            return plan;
        }

        private async Task RequireFunctionAsync(string functionName, CancellationToken cancellationToken)
        {
            try
            {
                await Lambda.GetFunctionConfigurationAsync(functionName, null, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsResourceNotFoundException e)
            {
                throw FunctionNotFound(functionName, e);
            }
        }

        private static bool SameInstant(DateTime? a, DateTime? b) =>
            a.HasValue && b.HasValue && Math.Abs((a.Value.ToUniversalTime() - b.Value.ToUniversalTime()).TotalSeconds) < 1;

        /// <summary>Carries out a plan. A starting-position change needs <paramref name="force"/> (delete and recreate).</summary>
        public async Task<AlonzoEventMapping> ApplyAsync(EventMappingPlan plan, bool force, IProgress<WaitProgress> progress, CancellationToken cancellationToken)
        {
            var spec = plan.Spec;
            if (plan.IsEmpty)
            {
                var settled = plan.Existing;
                if (!SettledStates.Contains(settled.State))
                    settled = await WaitUntilSettledAsync(settled.UUID, progress, cancellationToken).ConfigureAwait(false);
                Info?.Invoke($"Mapping {settled.UUID} from '{StreamArns.NameFromArn(plan.SourceArn)}' to '{spec.FunctionName}' is up to date.");
                return ToMapping(settled, ResourceAction.Unchanged, plan.Changes);
            }

            if (plan.NeedsReplace)
            {
                if (!force)
                    throw new AlonzoOperationException("StartingPositionImmutable", FailureKind.InvalidOperation,
                        $"The mapping {plan.Existing.UUID} starts at {plan.Existing.StartingPosition}; Lambda cannot change a mapping's starting position in place.",
                        "Add -Force to delete the mapping and create it again with the new starting position (records already processed may be processed again, or skipped, depending on the position).");
                await RemoveAsync(plan.Existing.UUID, true, progress, cancellationToken).ConfigureAwait(false);
                var created = await CreateAsync(CarryOver(spec, plan.Existing), plan.SourceArn, progress, cancellationToken).ConfigureAwait(false);
                return ToMapping(created, ResourceAction.Replaced, plan.Changes);
            }

            if (plan.IsCreate)
            {
                var created = await CreateAsync(spec, plan.SourceArn, progress, cancellationToken).ConfigureAwait(false);
                return ToMapping(created, ResourceAction.Created, new List<string> { $"Created mapping {created.UUID}" });
            }

            var uuid = plan.Existing.UUID;
            if (!SettledStates.Contains(plan.Existing.State))
                await WaitUntilSettledAsync(uuid, progress, cancellationToken).ConfigureAwait(false);
            await UpdateWhenFreeAsync(uuid, plan.Update, progress, cancellationToken).ConfigureAwait(false);
            Info?.Invoke($"Updated mapping {uuid}: {string.Join("; ", plan.Changes)}.");
            var updated = await WaitUntilSettledAsync(uuid, progress, cancellationToken).ConfigureAwait(false);
            return ToMapping(updated, ResourceAction.Updated, plan.Changes);
        }

        /// <summary>The replacement keeps every setting of the old mapping that the caller did not give.</summary>
        private static EventMappingSpec CarryOver(EventMappingSpec spec, EventSourceMappingConfiguration old) => new EventMappingSpec
        {
            FunctionName = spec.FunctionName,
            StreamName = spec.StreamName,
            EventSourceArn = spec.EventSourceArn,
            StartingPosition = spec.StartingPosition,
            StartingPositionTimestamp = spec.StartingPositionTimestamp,
            BatchSize = spec.BatchSize ?? old.BatchSize,
            MaximumBatchingWindowInSeconds = spec.MaximumBatchingWindowInSeconds ?? old.MaximumBatchingWindowInSeconds,
            ParallelizationFactor = spec.ParallelizationFactor ?? old.ParallelizationFactor,
            BisectBatchOnFunctionError = spec.BisectBatchOnFunctionError ?? old.BisectBatchOnFunctionError,
            MaximumRetryAttempts = spec.MaximumRetryAttempts ?? old.MaximumRetryAttempts,
            MaximumRecordAgeInSeconds = spec.MaximumRecordAgeInSeconds ?? old.MaximumRecordAgeInSeconds,
            OnFailureDestinationArn = spec.OnFailureDestinationArn ?? old.DestinationConfig?.OnFailure?.Destination,
            Enabled = spec.Enabled ?? (old.State == "Disabled" || old.State == "Disabling" ? false : (bool?)null),
        };

        public async Task<AlonzoEventMapping> EnsureAsync(EventMappingSpec spec, bool force, IProgress<WaitProgress> progress, CancellationToken cancellationToken)
        {
            var plan = await PlanAsync(spec, cancellationToken).ConfigureAwait(false);
            return await ApplyAsync(plan, force, progress, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Lambda checks that the function's role can read the stream when the mapping is created. A role
        /// (or policy) created moments ago may not be visible yet, so that refusal is retried for a
        /// bounded time before failing with the permissions the role needs.
        /// </summary>
        private async Task<EventSourceMappingConfiguration> CreateAsync(EventMappingSpec spec, string sourceArn, IProgress<WaitProgress> progress, CancellationToken cancellationToken)
        {
            var request = new CreateEventSourceMappingRequest
            {
                EventSourceArn = sourceArn,
                FunctionName = spec.FunctionName,
                Enabled = spec.Enabled,
                BatchSize = spec.BatchSize,
                MaximumBatchingWindowInSeconds = spec.MaximumBatchingWindowInSeconds,
                ParallelizationFactor = spec.ParallelizationFactor,
                StartingPosition = spec.StartingPosition ?? EventMappingSpec.DefaultStartingPosition,
                StartingPositionTimestamp = spec.StartingPositionTimestamp,
                BisectBatchOnFunctionError = spec.BisectBatchOnFunctionError,
                MaximumRetryAttempts = spec.MaximumRetryAttempts,
                MaximumRecordAgeInSeconds = spec.MaximumRecordAgeInSeconds,
                DestinationConfig = spec.OnFailureDestinationArn == null ? null : new DestinationConfig { OnFailure = new OnFailureDestination { Destination = spec.OnFailureDestinationArn } },
            };

            var started = DateTime.UtcNow;
            var delay = PermissionRetryFirstDelay;
            int attempt = 0;
            EventSourceMappingConfiguration created;
            while (true)
            {
                attempt++;
                try
                {
                    created = await Lambda.CreateEventSourceMappingAsync(request, cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (AwsResourceNotFoundException e)
                {
                    throw FunctionNotFound(spec.FunctionName, e);
                }
                catch (AwsServiceException e) when (IsStreamAccessDenied(e))
                {
                    var elapsed = DateTime.UtcNow - started;
                    if (elapsed >= PermissionPropagationTimeout)
                        throw new AlonzoOperationException("MappingPermissionDenied", FailureKind.PermissionDenied,
                            $"Lambda says the role of function '{spec.FunctionName}' cannot read the stream {sourceArn} (still after {elapsed.TotalSeconds:0} seconds, {attempt} attempts): {e.ServiceMessage} The role needs {string.Join(", ", StreamReadPermissions)} on the stream.",
                            $"Attach the managed policy to the function's role: New-AlonzoRole -Name <role> -ManagedPolicyArn arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole", e);
                    Info?.Invoke($"Lambda cannot read the stream with the function's role yet (IAM may still be propagating); try {attempt} failed, retrying in {delay.TotalSeconds:0} s.");
                    progress?.Report(new WaitProgress($"Waiting for the role of '{spec.FunctionName}' to be allowed to read the stream",
                        $"try {attempt}: access denied", elapsed, PermissionPropagationTimeout, attempt));
                    var remaining = PermissionPropagationTimeout - elapsed;
                    await Task.Delay(delay < remaining ? delay : remaining, cancellationToken).ConfigureAwait(false);
                    delay = TimeSpan.FromMilliseconds(Math.Min(10000, delay.TotalMilliseconds * 2));
                }
            }
            Info?.Invoke($"Created mapping {created.UUID} from '{StreamArns.NameFromArn(sourceArn)}' to '{spec.FunctionName}'.");
            return await WaitUntilSettledAsync(created.UUID, progress, cancellationToken).ConfigureAwait(false);
        }

        private AlonzoOperationException FunctionNotFound(string name, AwsServiceException e) =>
            new AlonzoOperationException("FunctionNotFound", FailureKind.ObjectNotFound,
                $"No function named '{name}' in region {_context.Region} ({e.ServiceMessage}).",
                "Deploy it first with Publish-AlonzoFunction, or check the name with Get-AlonzoFunction.", e);

        private static AlonzoOperationException MappingNotFound(string uuid, Exception e) =>
            new AlonzoOperationException("EventMappingNotFound", FailureKind.ObjectNotFound,
                $"No event source mapping with UUID '{uuid}'.", "List them with Get-AlonzoEventMapping -FunctionName <name>.", e);

        private static bool IsStreamAccessDenied(AwsServiceException e)
        {
            string m = e.ServiceMessage ?? "";
            return (e.ErrorCode == "InvalidParameterValueException" || e is AwsAccessDeniedException) &&
                   (m.IndexOf("Cannot access stream", StringComparison.OrdinalIgnoreCase) >= 0 ||
                    m.IndexOf("ensure the role can perform", StringComparison.OrdinalIgnoreCase) >= 0 ||
                    m.IndexOf("execution role does not have permissions", StringComparison.OrdinalIgnoreCase) >= 0);
        }

        /// <summary>Lambda refuses to change a mapping that is being changed (ResourceInUseException): wait and try again.</summary>
        private async Task UpdateWhenFreeAsync(string uuid, UpdateEventSourceMappingRequest update, IProgress<WaitProgress> progress, CancellationToken cancellationToken)
        {
            var deadline = DateTime.UtcNow + Timeout;
            while (true)
            {
                try
                {
                    await Lambda.UpdateEventSourceMappingAsync(uuid, update, cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (AwsConflictException e) when (DateTime.UtcNow < deadline)
                {
                    Info?.Invoke($"Mapping {uuid} is busy ({e.ErrorCode}); waiting for it to settle.");
                    await WaitUntilSettledAsync(uuid, progress, cancellationToken).ConfigureAwait(false);
                    await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
                }
            }
        }

        /// <summary>Enables or disables a mapping and waits until it is.</summary>
        public async Task<AlonzoEventMapping> SetEnabledAsync(string uuid, bool enabled, IProgress<WaitProgress> progress, CancellationToken cancellationToken)
        {
            EventSourceMappingConfiguration current;
            try
            {
                current = await Lambda.GetEventSourceMappingAsync(uuid, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsResourceNotFoundException e)
            {
                throw MappingNotFound(uuid, e);
            }
            string wanted = enabled ? "Enabled" : "Disabled";
            if (current.State == wanted)
                return ToMapping(current, ResourceAction.Unchanged, null);
            if (!SettledStates.Contains(current.State))
            {
                current = await WaitUntilSettledAsync(uuid, progress, cancellationToken).ConfigureAwait(false);
                if (current.State == wanted) return ToMapping(current, ResourceAction.Unchanged, null);
            }
            await UpdateWhenFreeAsync(uuid, new UpdateEventSourceMappingRequest { Enabled = enabled }, progress, cancellationToken).ConfigureAwait(false);
            var settled = await WaitUntilSettledAsync(uuid, progress, cancellationToken).ConfigureAwait(false);
            return ToMapping(settled, ResourceAction.Updated, new List<string> { $"State {current.State} -> {settled.State}" });
        }

        /// <summary>Polls until the mapping is Enabled or Disabled (not Creating, Enabling, Updating, Disabling).</summary>
        public async Task<EventSourceMappingConfiguration> WaitUntilSettledAsync(string uuid, IProgress<WaitProgress> progress, CancellationToken cancellationToken)
        {
            var waiter = new Waiter(TimeSpan.FromSeconds(5), Timeout);
            return await waiter.WaitAsync($"Waiting for event source mapping {uuid}",
                ct => Lambda.GetEventSourceMappingAsync(uuid, ct),
                m => (SettledStates.Contains(m.State) || m.State == null ? WaitVerdict.Success : WaitVerdict.Retry, m.State ?? "?"),
                progress, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Deletes a mapping; false when it did not exist. With wait, returns once it is gone.</summary>
        public async Task<bool> RemoveAsync(string uuid, bool wait, IProgress<WaitProgress> progress, CancellationToken cancellationToken)
        {
            while (true)
            {
                try
                {
                    await Lambda.DeleteEventSourceMappingAsync(uuid, cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (AwsResourceNotFoundException)
                {
                    return false;
                }
                catch (AwsConflictException)
                {
                    // Being created or updated: Lambda deletes only settled mappings.
                    await WaitUntilSettledAsync(uuid, progress, cancellationToken).ConfigureAwait(false);
                }
            }
            Info?.Invoke($"Deleting mapping {uuid}.");
            if (wait)
            {
                var waiter = new Waiter(TimeSpan.FromSeconds(5), Timeout);
                await waiter.WaitAsync($"Waiting for event source mapping {uuid} to be deleted",
                    ct => GetAsync(uuid, ct),
                    m => m == null ? (WaitVerdict.Success, "deleted") : (WaitVerdict.Retry, m.State),
                    progress, cancellationToken).ConfigureAwait(false);
            }
            return true;
        }

        internal AlonzoEventMapping ToMapping(EventSourceMappingConfiguration m, ResourceAction action, List<string> changes)
        {
            string functionName = null;
            if (m.FunctionArn != null)
            {
                var parts = m.FunctionArn.Split(':');
                int at = Array.IndexOf(parts, "function");
                functionName = at >= 0 && at + 1 < parts.Length ? parts[at + 1] : m.FunctionArn;
            }
            return new AlonzoEventMapping
            {
                UUID = m.UUID,
                FunctionName = functionName,
                FunctionArn = m.FunctionArn,
                EventSourceArn = m.EventSourceArn,
                StreamName = StreamArns.NameFromArn(m.EventSourceArn),
                State = m.State,
                BatchSize = m.BatchSize,
                StartingPosition = m.StartingPosition,
                StartingPositionTimestamp = m.StartingPositionTimestamp,
                MaximumBatchingWindowInSeconds = m.MaximumBatchingWindowInSeconds,
                ParallelizationFactor = m.ParallelizationFactor,
                BisectBatchOnFunctionError = m.BisectBatchOnFunctionError,
                MaximumRetryAttempts = m.MaximumRetryAttempts,
                MaximumRecordAgeInSeconds = m.MaximumRecordAgeInSeconds,
                OnFailureDestinationArn = m.DestinationConfig?.OnFailure?.Destination,
                LastProcessingResult = m.LastProcessingResult,
                StateTransitionReason = m.StateTransitionReason,
                LastModified = m.LastModified,
                Region = _context.Region,
                Action = action,
                Changes = changes?.ToArray() ?? Array.Empty<string>(),
            };
        }
    }
}
