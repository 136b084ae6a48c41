using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Aws.Lambda;
using Alonzo.Aws.Runtime;
using Alonzo.Functions;
using Alonzo.Resources;
using Alonzo.Sessions;
using Alonzo.Waiting;

namespace Alonzo.Mappings
{
    /// <summary>
    /// Converges the mapping between one function and one stream. Lambda refuses a second mapping for
    /// the same pair, but emulators do not, so Alonzo always looks first and never relies on the
    /// service to refuse a duplicate.
    /// </summary>
    public sealed class EventMappingOperations : IResourceOperations<EventMappingSpec, AlonzoEventMapping>
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
        /// <summary>For removal: wait until the mapping is gone.</summary>
        public bool Wait { get; set; }
        public ResourceKind Kind => ResourceKind.EventMapping;
        /// <summary>How long to keep retrying while Lambda says the function's role cannot read the stream (IAM may still be propagating).</summary>
        public TimeSpan PermissionPropagationTimeout { get; set; } = TimeSpan.FromSeconds(90);
        public TimeSpan PermissionRetryFirstDelay { get; set; } = TimeSpan.FromSeconds(2);

        private ILambdaClient Lambda => _context.Lambda;

        /// <summary>The stream's ARN: given, read, or pending when a plan in the scope creates the stream.</summary>
        public async Task<ResourceReference> ResolveSourceArnAsync(EventMappingSpec spec, ResourceScope scope, CancellationToken cancellationToken)
        {
            string streamName = spec.EventSourceArn != null ? StreamArns.NameFromArn(spec.EventSourceArn) : spec.StreamName;
            var streamKey = ResourceKey.Stream(streamName);
            if (spec.EventSourceArn != null) return ResourceReference.Known(streamKey, "Arn", spec.EventSourceArn);
            if (scope != null && scope.WillCreate(streamKey)) return ResourceReference.Pending(streamKey, "Arn");
            // A stream planned in the same scope was read already.
            if (scope?.PlanFor(streamKey)?.Current is AlonzoStream planned && planned.StreamArn != null)
                return ResourceReference.Known(streamKey, "Arn", planned.StreamArn);
            try
            {
                var summary = await _context.Kinesis.DescribeStreamSummaryAsync(spec.StreamName, cancellationToken).ConfigureAwait(false);
                return ResourceReference.Known(streamKey, "Arn", summary.StreamARN);
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
            return await Paginator.AllAsync("ListEventSourceMappings", async (marker, ct) =>
            {
                ListEventSourceMappingsResponse page;
                try
                {
                    page = await Lambda.ListEventSourceMappingsAsync(sourceArn, functionName, marker, null, ct).ConfigureAwait(false);
                }
                catch (AwsServiceException e) when (functionName != null && (e is AwsResourceNotFoundException ||
                    (e.ErrorCode == "InvalidParameterValueException" && (e.ServiceMessage ?? "").IndexOf("function", StringComparison.OrdinalIgnoreCase) >= 0)))
                {
                    // Lambda may refuse to list mappings of a function that does not exist.
                    throw FunctionNotFound(functionName, e);
                }
                return (page.EventSourceMappings.Where(m =>
                    (sourceArn == null || m.EventSourceArn == sourceArn) &&
                    (functionName == null || FunctionMatches(m.FunctionArn, functionName))), Paginator.Next(page.NextMarker));
            }, cancellationToken).ConfigureAwait(false);
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

        public Task<AlonzoEventMapping> ReadAsync(string uuid, CancellationToken cancellationToken) => GetAsync(uuid, cancellationToken);

        /// <summary>What apply needs beyond the changes.</summary>
        private sealed class MappingWork
        {
            public EventMappingSpec Spec;
            public ResourceReference Source;
            public EventSourceMappingConfiguration Existing;
        }

        /// <summary>
        /// Looks at what exists and works out what would change; changes nothing. A stream or function
        /// that another plan in the scope creates is not looked up: the mapping is then planned as new.
        /// </summary>
        public async Task<ResourcePlan> PlanAsync(EventMappingSpec spec, ResourceScope scope, CancellationToken cancellationToken)
        {
            spec.Validate();
            var source = await ResolveSourceArnAsync(spec, scope, cancellationToken).ConfigureAwait(false);
            var key = ResourceKey.EventMapping(source.Target.Name, spec.FunctionName);
            var functionKey = ResourceKey.Function(spec.FunctionName);
            bool functionPending = scope != null && scope.WillCreate(functionKey);
            var existing = !source.IsKnown || functionPending
                ? new List<EventSourceMappingConfiguration>()
                : (await ListRawAsync(spec.FunctionName, source.Value, cancellationToken).ConfigureAwait(false))
                    .Where(m => m.State != "Deleting")
                    .OrderBy(m => m.LastModified ?? DateTime.MinValue)
                    .ToList();
            if (existing.Count > 1)
                Warning?.Invoke($"There are {existing.Count} mappings from '{source.Target.Name}' to '{spec.FunctionName}' (AWS allows one); converging {existing[0].UUID}. Remove the others with Remove-AlonzoEventMapping -UUID {string.Join(", ", existing.Skip(1).Select(x => x.UUID))}.");

            var work = new MappingWork { Spec = spec, Source = source, Existing = existing.FirstOrDefault() };
            var plan = new ResourcePlan(key, PlanAction.None) { State = work };
            plan.DependOn(source.Target);
            plan.DependOn(functionKey);
            var m = work.Existing;
            if (m == null)
            {
                // Not every endpoint refuses to list the mappings of a missing function, and the create would
                // be the first write: a missing function is found out by a read (unless the scope creates it).
                if (!functionPending) await RequireFunctionAsync(spec.FunctionName, cancellationToken).ConfigureAwait(false);
                plan.Action = PlanAction.Create;
                plan.Add(new ResourceChange(key, ChangeOperation.Create, "", null, key.Name,
                    summary: $"Create mapping from {source} to function {spec.FunctionName} (starting at {spec.StartingPosition ?? EventMappingSpec.DefaultStartingPosition})"));
                plan.Property("EventSourceArn", source.ToString());
                plan.Property("FunctionName", spec.FunctionName);
                plan.Property("StartingPosition", spec.StartingPosition ?? EventMappingSpec.DefaultStartingPosition);
                foreach (var (path, value) in Settings(spec))
                    if (value != null) plan.Property(path, value);
                return plan;
            }

            plan.Current = ToMapping(m, ResourceAction.None, null);
            if (spec.StartingPosition != null && (spec.StartingPosition != m.StartingPosition ||
                (spec.StartingPosition == "AT_TIMESTAMP" && !SameInstant(spec.StartingPositionTimestamp, m.StartingPositionTimestamp))))
            {
                plan.Action = PlanAction.Replace;
                plan.Set("StartingPosition", m.StartingPosition, spec.StartingPosition,
                    summary: $"Replace mapping {m.UUID}: starting position {m.StartingPosition} -> {spec.StartingPosition}");
                return plan;
            }

            void Note(string what, object from, object to, Action<UpdateEventSourceMappingRequest> field) =>
                plan.Set(what, from, to, summary: $"{what} {from?.ToString() ?? "(default)"} -> {to}").Payload = field;
            if (spec.BatchSize.HasValue && spec.BatchSize != m.BatchSize) Note("BatchSize", m.BatchSize, spec.BatchSize, u => u.BatchSize = spec.BatchSize);
            if (spec.MaximumBatchingWindowInSeconds.HasValue && spec.MaximumBatchingWindowInSeconds != (m.MaximumBatchingWindowInSeconds ?? 0))
                Note("MaximumBatchingWindowInSeconds", m.MaximumBatchingWindowInSeconds, spec.MaximumBatchingWindowInSeconds, u => u.MaximumBatchingWindowInSeconds = spec.MaximumBatchingWindowInSeconds);
            if (spec.ParallelizationFactor.HasValue && spec.ParallelizationFactor != (m.ParallelizationFactor ?? 1))
                Note("ParallelizationFactor", m.ParallelizationFactor, spec.ParallelizationFactor, u => u.ParallelizationFactor = spec.ParallelizationFactor);
            if (spec.BisectBatchOnFunctionError.HasValue && spec.BisectBatchOnFunctionError != (m.BisectBatchOnFunctionError ?? false))
                Note("BisectBatchOnFunctionError", m.BisectBatchOnFunctionError, spec.BisectBatchOnFunctionError, u => u.BisectBatchOnFunctionError = spec.BisectBatchOnFunctionError);
            if (spec.MaximumRetryAttempts.HasValue && spec.MaximumRetryAttempts != (m.MaximumRetryAttempts ?? -1))
                Note("MaximumRetryAttempts", m.MaximumRetryAttempts, spec.MaximumRetryAttempts, u => u.MaximumRetryAttempts = spec.MaximumRetryAttempts);
            if (spec.MaximumRecordAgeInSeconds.HasValue && spec.MaximumRecordAgeInSeconds != (m.MaximumRecordAgeInSeconds ?? -1))
                Note("MaximumRecordAgeInSeconds", m.MaximumRecordAgeInSeconds, spec.MaximumRecordAgeInSeconds, u => u.MaximumRecordAgeInSeconds = spec.MaximumRecordAgeInSeconds);
            string currentDestination = m.DestinationConfig?.OnFailure?.Destination;
            if (spec.OnFailureDestinationArn != null && spec.OnFailureDestinationArn != (currentDestination ?? ""))
                Note("OnFailureDestination", currentDestination, spec.OnFailureDestinationArn,
                    u => u.DestinationConfig = new DestinationConfig { OnFailure = new OnFailureDestination { Destination = spec.OnFailureDestinationArn } });
            if (spec.Enabled.HasValue)
            {
                bool enabled = m.State == "Enabled" || m.State == "Enabling" || m.State == "Creating";
                if (spec.Enabled.Value != enabled) Note("State", m.State, spec.Enabled.Value ? "Enabled" : "Disabled", u => u.Enabled = spec.Enabled);
            }
            if (plan.Changes.Count > 0) plan.Action = PlanAction.Update;
            return plan;
        }

        /// <summary>The settings a spec may give, by the names the plan shows.</summary>
        private static IEnumerable<(string, object)> Settings(EventMappingSpec spec)
        {
            yield return ("StartingPositionTimestamp", spec.StartingPositionTimestamp);
            yield return ("BatchSize", spec.BatchSize);
            yield return ("MaximumBatchingWindowInSeconds", spec.MaximumBatchingWindowInSeconds);
            yield return ("ParallelizationFactor", spec.ParallelizationFactor);
            yield return ("BisectBatchOnFunctionError", spec.BisectBatchOnFunctionError);
            yield return ("MaximumRetryAttempts", spec.MaximumRetryAttempts);
            yield return ("MaximumRecordAgeInSeconds", spec.MaximumRecordAgeInSeconds);
            yield return ("OnFailureDestination", spec.OnFailureDestinationArn);
            yield return ("State", spec.Enabled == false ? "Disabled" : null);
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

        /// <summary>
        /// Carries out a plan. A starting-position change needs the scope's Force (delete and
        /// recreate); a removal plan deletes the mapping (and waits with Wait).
        /// </summary>
        public async Task<AlonzoEventMapping> ApplyAsync(ResourcePlan plan, ResourceScope scope, CancellationToken cancellationToken)
        {
            scope = scope ?? new ResourceScope();
            var progress = scope.Progress;
            if (plan.Action == PlanAction.Remove)
            {
                await RemoveAsync(((AlonzoEventMapping)plan.Current).UUID, Wait, progress, cancellationToken).ConfigureAwait(false);
                return null;
            }
            var work = (MappingWork)plan.State;
            var spec = work.Spec;
            var changes = plan.Describe().ToList();
            AlonzoEventMapping result;
            switch (plan.Action)
            {
                case PlanAction.None:
                    var settled = work.Existing;
                    if (!SettledStates.Contains(settled.State))
                        settled = await WaitUntilSettledAsync(settled.UUID, progress, cancellationToken).ConfigureAwait(false);
                    Info?.Invoke($"Mapping {settled.UUID} from '{work.Source.Target.Name}' to '{spec.FunctionName}' is up to date.");
                    result = ToMapping(settled, ResourceAction.Unchanged, changes);
                    break;

                case PlanAction.Replace:
                    if (!scope.Force)
                        throw new AlonzoOperationException("StartingPositionImmutable", FailureKind.InvalidOperation,
                            $"The mapping {work.Existing.UUID} starts at {work.Existing.StartingPosition}; Lambda cannot change a mapping's starting position in place.",
                            "Add -Force to delete the mapping and create it again with the new starting position (records already processed may be processed again, or skipped, depending on the position).");
                    await RemoveAsync(work.Existing.UUID, true, progress, cancellationToken).ConfigureAwait(false);
                    var replaced = await CreateAsync(CarryOver(spec, work.Existing), scope.Resolve(work.Source), progress, cancellationToken).ConfigureAwait(false);
                    result = ToMapping(replaced, ResourceAction.Replaced, changes);
                    break;

                case PlanAction.Create:
                    var created = await CreateAsync(spec, scope.Resolve(work.Source), progress, cancellationToken).ConfigureAwait(false);
                    result = ToMapping(created, ResourceAction.Created, new List<string> { $"Created mapping {created.UUID}" });
                    break;

                default:
                    var approved = plan.Changes.Where(scope.IsApproved).ToList();
                    if (approved.Count == 0) return null;
                    changes = approved.Select(c => c.Summary).ToList();
                    var update = new UpdateEventSourceMappingRequest();
                    foreach (var change in approved) ((Action<UpdateEventSourceMappingRequest>)change.Payload)(update);
                    var uuid = work.Existing.UUID;
                    if (!SettledStates.Contains(work.Existing.State))
                        await WaitUntilSettledAsync(uuid, progress, cancellationToken).ConfigureAwait(false);
                    await UpdateWhenFreeAsync(uuid, update, progress, cancellationToken).ConfigureAwait(false);
                    Info?.Invoke($"Updated mapping {uuid}: {string.Join("; ", changes)}.");
                    var updated = await WaitUntilSettledAsync(uuid, progress, cancellationToken).ConfigureAwait(false);
                    result = ToMapping(updated, ResourceAction.Updated, changes);
                    break;
            }
            plan.Result = result;
            scope.AddResult(plan.Key, a => a == "UUID" ? result.UUID : null);
            return result;
        }

        /// <summary>Removal: delete the mapping (then wait until it is gone, with Wait). Empty (None) when there is no such mapping.</summary>
        public async Task<ResourcePlan> PlanRemoveAsync(string uuid, ResourceScope scope, CancellationToken cancellationToken)
        {
            EventMappingSpec.Uuid(uuid);
            var current = await GetAsync(uuid, cancellationToken).ConfigureAwait(false);
            var key = current == null
                ? new ResourceKey(ResourceKind.EventMapping, uuid)
                : ResourceKey.EventMapping(current.StreamName ?? current.EventSourceArn ?? "?", current.FunctionName ?? "?");
            var plan = new ResourcePlan(key, current == null ? PlanAction.None : PlanAction.Remove) { Current = current };
            if (current == null) return plan;
            plan.Add(new ResourceChange(key, ChangeOperation.Delete, "", uuid, null, summary: "Delete event source mapping", done: $"Deleted mapping {uuid}"));
            if (Wait) plan.Add(new ResourceChange(key, ChangeOperation.Wait, "Deleted", null, null, summary: "Wait until the mapping is gone", done: "Mapping is gone"));
            return plan;
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
            var plan = await PlanAsync(spec, null, cancellationToken).ConfigureAwait(false);
            return await ApplyAsync(plan, new ResourceScope { Force = force, Progress = progress }, cancellationToken).ConfigureAwait(false);
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

            EventSourceMappingConfiguration created;
            try
            {
                created = await Retrying.WhileAsync(ct => Lambda.CreateEventSourceMappingAsync(request, ct), IsStreamAccessDenied,
                    RetryBudget.For(PermissionPropagationTimeout, PermissionRetryFirstDelay),
                    (failed, ct) =>
                    {
                        Info?.Invoke($"Lambda cannot read the stream with the function's role yet (IAM may still be propagating); try {failed.Attempt} failed, retrying in {failed.Delay.Value.TotalSeconds:0} s.");
                        progress?.Report(new WaitProgress($"Waiting for the role of '{spec.FunctionName}' to be allowed to read the stream",
                            $"try {failed.Attempt}: access denied", failed.Elapsed, PermissionPropagationTimeout, failed.Attempt));
                        return Task.CompletedTask;
                    },
                    failed => new AlonzoOperationException("MappingPermissionDenied", FailureKind.PermissionDenied,
                        $"Lambda says the role of function '{spec.FunctionName}' cannot read the stream {sourceArn} (still after {failed.Elapsed.TotalSeconds:0} seconds, {failed.Attempt} attempts): {failed.Error.ServiceMessage} The role needs {string.Join(", ", StreamReadPermissions)} on the stream.",
                        $"Attach the managed policy to the function's role: New-AlonzoRole -Name <role> -ManagedPolicyArn arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole", failed.Error),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (AwsResourceNotFoundException e)
            {
                throw FunctionNotFound(spec.FunctionName, e);
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
        private Task UpdateWhenFreeAsync(string uuid, UpdateEventSourceMappingRequest update, IProgress<WaitProgress> progress, CancellationToken cancellationToken) =>
            WhileBusyAsync(uuid, ct => Lambda.UpdateEventSourceMappingAsync(uuid, update, ct), progress, cancellationToken);

        /// <summary>A call that Lambda refuses while the mapping is being changed, retried until the mapping settles (bounded by Timeout).</summary>
        private Task WhileBusyAsync(string uuid, Func<CancellationToken, Task> call, IProgress<WaitProgress> progress, CancellationToken cancellationToken) =>
            Retrying.WhileAsync(call, e => e is AwsConflictException, RetryBudget.For(Timeout, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(500)),
                async (failed, ct) =>
                {
                    Info?.Invoke($"Mapping {uuid} is busy ({failed.Error.ErrorCode}); waiting for it to settle.");
                    await WaitUntilSettledAsync(uuid, progress, ct).ConfigureAwait(false);
                },
                null, cancellationToken);

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
            try
            {
                // Being created or updated: Lambda deletes only settled mappings.
                await WhileBusyAsync(uuid, ct => Lambda.DeleteEventSourceMappingAsync(uuid, ct), progress, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsResourceNotFoundException)
            {
                return false;
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
                FunctionResponseTypes = m.FunctionResponseTypes?.ToArray() ?? Array.Empty<string>(),
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
