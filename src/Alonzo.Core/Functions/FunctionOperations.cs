using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Aws.Lambda;
using Alonzo.Aws.Runtime;
using Alonzo.Json;
using Alonzo.Roles;
using Alonzo.Sessions;
using Alonzo.Validation;
using Alonzo.Waiting;

namespace Alonzo.Functions
{
    /// <summary>What the caller wants the function to be. Null settings are left as they are.</summary>
    public sealed class FunctionSpec
    {
        public string Name { get; set; }
        public string Handler { get; set; }
        public string Runtime { get; set; }
        /// <summary>Role name or ARN.</summary>
        public string Role { get; set; }
        public int? MemorySize { get; set; }
        public int? Timeout { get; set; }
        public IDictionary<string, string> Environment { get; set; }
        public string Description { get; set; }
        public string Architecture { get; set; }
        public IDictionary<string, string> Tags { get; set; }
        public bool Publish { get; set; }

        public void Validate()
        {
            FunctionRules.Name(Name);
            if (FunctionRules.IsArn(Name))
                throw new AlonzoValidationException("InvalidFunctionName", "Name", Name,
                    "-Name: Publish-AlonzoFunction takes the function's name, not its ARN (the region and account come from the session).");
            FunctionRules.Handler(Handler);
            FunctionRules.Runtime(Runtime);
            if (string.IsNullOrEmpty(Role))
                throw new AlonzoValidationException("MissingRole", "Role", Role,
                    "-Role: give the execution role's name or ARN, or pipe in the output of New-AlonzoRole.");
            if (MemorySize.HasValue) FunctionRules.MemorySize(MemorySize.Value);
            if (Timeout.HasValue) FunctionRules.Timeout(Timeout.Value);
            FunctionRules.Description(Description);
            FunctionRules.Architecture(Architecture);
            FunctionRules.Environment(Environment);
            NameRules.Tags(Tags);
        }
    }

    /// <summary>
    /// Converges a Lambda function: creates it when missing (retrying while a new role propagates),
    /// uploads code only when its CodeSha256 differs, changes only the settings that differ, and
    /// waits for Lambda to finish each change before the next, so ResourceConflictException never
    /// reaches the user. An unchanged function costs reads only.
    /// </summary>
    public sealed class FunctionOperations
    {
        // waiters-2.json, lambda FunctionActiveV2/FunctionUpdatedV2: delay 1 s, 300 attempts.
        public static readonly TimeSpan ModelDelay = TimeSpan.FromSeconds(1);
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(300);

        private const string RoleNotAssumable = "cannot be assumed by Lambda";
        private readonly AlonzoContext _context;

        public FunctionOperations(AlonzoContext context)
        {
            _context = context;
        }

        public event Action<string> Info;
        public event Action<string> Warning;

        /// <summary>How long to keep retrying CreateFunction while IAM propagates a new role (about two minutes).</summary>
        public TimeSpan RolePropagationTimeout { get; set; } = TimeSpan.FromSeconds(120);
        /// <summary>How long to wait for the function to become Active or finish an update.</summary>
        public TimeSpan Timeout { get; set; } = DefaultTimeout;
        /// <summary>The first delay between role-propagation retries; doubles up to 10 s.</summary>
        public TimeSpan RoleRetryFirstDelay { get; set; } = TimeSpan.FromSeconds(1);

        private ILambdaClient Lambda => _context.Lambda;

        public async Task<AlonzoFunction> GetAsync(string name, CancellationToken cancellationToken)
        {
            var reply = await GetOrNullAsync(name, cancellationToken).ConfigureAwait(false);
            return reply == null ? null : ToFunction(reply.Configuration, ResourceAction.None, null);
        }

        private async Task<GetFunctionResponse> GetOrNullAsync(string name, CancellationToken cancellationToken)
        {
            try
            {
                return await Lambda.GetFunctionAsync(name, null, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsResourceNotFoundException)
            {
                return null;
            }
        }

        public async Task<List<AlonzoFunction>> ListAsync(Func<string, bool> nameFilter, CancellationToken cancellationToken)
        {
            var result = new List<AlonzoFunction>();
            string marker = null;
            do
            {
                var page = await Lambda.ListFunctionsAsync(marker, null, cancellationToken).ConfigureAwait(false);
                foreach (var f in page.Functions)
                    if (nameFilter == null || nameFilter(f.FunctionName))
                        result.Add(ToFunction(f, ResourceAction.None, null));
                marker = string.IsNullOrEmpty(page.NextMarker) ? null : page.NextMarker;
            } while (marker != null);
            return result.OrderBy(f => f.FunctionName, StringComparer.Ordinal).ToList();
        }

        /// <summary>
        /// Reads the function once, resolves the role and works out what would change, without
        /// changing anything (so -WhatIf can show it and ShouldProcess can ask about it).
        /// </summary>
        public async Task<FunctionPlan> PlanAsync(FunctionSpec spec, DeploymentZip code, CancellationToken cancellationToken)
        {
            spec.Validate();
            var current = await GetOrNullAsync(spec.Name, cancellationToken).ConfigureAwait(false);
            string roleArn = await ResolveRoleAsync(spec.Role, current?.Configuration?.Role, cancellationToken).ConfigureAwait(false);
            var plan = new FunctionPlan(spec, code, current, roleArn);
            if (plan.IsCreate)
            {
                plan.Changes.Add($"Create function with code {code.CodeSha256} ({code.Size:N0} bytes)");
                return plan;
            }
            var config = current.Configuration;
            plan.CodeDiffers = !string.Equals(config.CodeSha256, code.CodeSha256, StringComparison.Ordinal);
            string currentArchitecture = config.Architectures?.FirstOrDefault() ?? "x86_64";
            plan.ArchitectureDiffers = spec.Architecture != null && spec.Architecture != currentArchitecture;
            if (plan.ArchitectureDiffers) plan.Changes.Add($"Architecture {currentArchitecture} -> {spec.Architecture}");
            if (plan.CodeDiffers) plan.Changes.Add($"Code {config.CodeSha256} -> {code.CodeSha256} ({code.Size:N0} bytes)");
            plan.ConfigurationUpdate = PlanConfiguration(spec, roleArn, config, plan.Changes);
            plan.TagUpdate = PlanTags(spec, current.Tags, plan.Changes);
            return plan;
        }

        /// <summary>Carries out a plan: creates, or makes exactly the planned changes, waiting after each.</summary>
        public Task<AlonzoFunction> ApplyAsync(FunctionPlan plan, IProgress<WaitProgress> progress, CancellationToken cancellationToken) =>
            plan.IsCreate
                ? CreateAsync(plan.Spec, plan.Code, plan.RoleArn, progress, cancellationToken)
                : UpdateAsync(plan, progress, cancellationToken);

        /// <summary>Plan and apply in one go.</summary>
        public async Task<AlonzoFunction> PublishAsync(FunctionSpec spec, DeploymentZip code, IProgress<WaitProgress> progress, CancellationToken cancellationToken)
        {
            var plan = await PlanAsync(spec, code, cancellationToken).ConfigureAwait(false);
            return await ApplyAsync(plan, progress, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// A role the function already uses needs no lookup; any other is checked (and a name turned
        /// into an ARN) before anything is created or changed.
        /// </summary>
        private async Task<string> ResolveRoleAsync(string role, string currentRoleArn, CancellationToken cancellationToken)
        {
            if (currentRoleArn != null)
            {
                if (string.Equals(role, currentRoleArn, StringComparison.Ordinal)) return currentRoleArn;
                if (!FunctionRules.IsArn(role) && string.Equals(RoleRules.RoleNameFromArn(currentRoleArn), role, StringComparison.Ordinal))
                    return currentRoleArn;
            }
            var roles = new RoleOperations(_context);
            roles.Warning += m => Warning?.Invoke(m);
            var resolved = await roles.ResolveAsync(role, cancellationToken).ConfigureAwait(false);
            return resolved.Arn;
        }

        private async Task<AlonzoFunction> CreateAsync(FunctionSpec spec, DeploymentZip code, string roleArn,
            IProgress<WaitProgress> progress, CancellationToken cancellationToken)
        {
            var request = new CreateFunctionRequest
            {
                FunctionName = spec.Name,
                Runtime = spec.Runtime,
                Role = roleArn,
                Handler = spec.Handler,
                Code = new FunctionCode { ZipFile = code.Zip },
                Description = spec.Description,
                Timeout = spec.Timeout,
                MemorySize = spec.MemorySize,
                Publish = spec.Publish ? true : (bool?)null,
                PackageType = "Zip",
                Environment = spec.Environment == null ? null : new EnvironmentSettings { Variables = new Dictionary<string, string>(spec.Environment) },
                Tags = spec.Tags != null && spec.Tags.Count > 0 ? new Dictionary<string, string>(spec.Tags) : null,
                Architectures = spec.Architecture == null ? null : new List<string> { spec.Architecture },
            };

            var created = await CreateWhileRolePropagatesAsync(request, progress, cancellationToken).ConfigureAwait(false);
            if (created == null)
            {
                // Someone else created it meanwhile: converge on theirs.
                var replanned = await PlanAsync(spec, code, cancellationToken).ConfigureAwait(false);
                return await UpdateAsync(replanned, progress, cancellationToken).ConfigureAwait(false);
            }
            Info?.Invoke($"Created function '{spec.Name}' ({code.Size:N0} bytes of code, CodeSha256 {code.CodeSha256}).");
            var active = await WaitUntilReadyAsync(spec.Name, progress, cancellationToken).ConfigureAwait(false);
            var changes = new List<string> { $"Created with code {code.CodeSha256} ({code.Size:N0} bytes)" };
            var function = ToFunction(active, ResourceAction.Created, changes);
            if (spec.Publish && created.Version != null && created.Version != "$LATEST")
            {
                function.Version = created.Version;
                changes.Add($"Published version {created.Version}");
                function.Changes = changes.ToArray();
            }
            return function;
        }

        /// <summary>
        /// A role created seconds ago is often not yet assumable by Lambda; AWS answers
        /// InvalidParameterValueException "The role defined for the function cannot be assumed by
        /// Lambda." until IAM has propagated it. Retried with backoff for about two minutes.
        /// Returns null when the function turned out to exist already.
        /// </summary>
        private async Task<FunctionConfiguration> CreateWhileRolePropagatesAsync(CreateFunctionRequest request,
            IProgress<WaitProgress> progress, CancellationToken cancellationToken)
        {
            var started = DateTime.UtcNow;
            var delay = RoleRetryFirstDelay;
            int attempt = 0;
            while (true)
            {
                attempt++;
                try
                {
                    return await Lambda.CreateFunctionAsync(request, cancellationToken).ConfigureAwait(false);
                }
                catch (AwsConflictException e) when (e.ErrorCode == "ResourceConflictException" && (e.ServiceMessage ?? "").IndexOf("exist", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    Info?.Invoke($"Function '{request.FunctionName}' was created by another caller at the same time; converging on it.");
                    return null;
                }
                catch (AwsServiceException e) when (IsRoleNotAssumable(e))
                {
                    var elapsed = DateTime.UtcNow - started;
                    if (elapsed >= RolePropagationTimeout)
                        throw new AlonzoOperationException("RoleNotAssumable", FailureKind.InvalidOperation,
                            $"Lambda still cannot assume the role '{request.Role}' after {elapsed.TotalSeconds:0} seconds ({attempt} attempts): {e.ServiceMessage}",
                            "Check that the role's trust policy allows lambda.amazonaws.com (New-AlonzoRole converges it), then run the command again.", e);
                    Info?.Invoke($"Lambda cannot assume role '{request.Role}' yet (IAM is still propagating it); try {attempt} failed, retrying in {delay.TotalSeconds:0} s.");
                    progress?.Report(new WaitProgress($"Waiting for IAM to propagate role for function '{request.FunctionName}'",
                        $"try {attempt}: role not assumable yet", elapsed, RolePropagationTimeout, attempt));
                    var remaining = RolePropagationTimeout - elapsed;
                    await Task.Delay(delay < remaining ? delay : remaining, cancellationToken).ConfigureAwait(false);
                    delay = TimeSpan.FromMilliseconds(Math.Min(10000, delay.TotalMilliseconds * 2));
                }
            }
        }

        private static bool IsRoleNotAssumable(AwsServiceException e) =>
            e.ErrorCode == "InvalidParameterValueException" && (e.ServiceMessage ?? "").IndexOf(RoleNotAssumable, StringComparison.OrdinalIgnoreCase) >= 0;

        private async Task<AlonzoFunction> UpdateAsync(FunctionPlan plan, IProgress<WaitProgress> progress, CancellationToken cancellationToken)
        {
            var spec = plan.Spec;
            var code = plan.Code;
            var config = plan.Current.Configuration;
            var changes = plan.Changes;
            var name = spec.Name;
            bool codeDiffers = plan.CodeDiffers, architectureDiffers = plan.ArchitectureDiffers;
            var configUpdate = plan.ConfigurationUpdate;
            var tagUpdate = plan.TagUpdate;

            if (plan.IsEmpty)
            {
                Info?.Invoke($"Function '{name}' is up to date (code {config.CodeSha256}); nothing to change.");
                if (spec.Publish) Info?.Invoke("Nothing changed, so no new version was published.");
                return ToFunction(config, ResourceAction.Unchanged, changes);
            }

            // An update still running from someone else would make ours fail with ResourceConflictException.
            if (config.LastUpdateStatus == "InProgress" || config.State == "Pending")
                config = await WaitUntilReadyAsync(name, progress, cancellationToken).ConfigureAwait(false);

            if (codeDiffers || architectureDiffers)
            {
                var request = new UpdateFunctionCodeRequest
                {
                    ZipFile = code.Zip,
                    Architectures = architectureDiffers ? new List<string> { spec.Architecture } : null,
                };
                await RetryOnConflictAsync(name, ct => Lambda.UpdateFunctionCodeAsync(name, request, ct), progress, cancellationToken).ConfigureAwait(false);
                Info?.Invoke($"Uploaded new code for '{name}' ({code.Size:N0} bytes).");
                config = await WaitUntilReadyAsync(name, progress, cancellationToken).ConfigureAwait(false);
            }

            if (configUpdate != null)
            {
                await RetryOnConflictAsync(name, ct => Lambda.UpdateFunctionConfigurationAsync(name, configUpdate, ct), progress, cancellationToken).ConfigureAwait(false);
                Info?.Invoke($"Updated the configuration of '{name}'.");
                config = await WaitUntilReadyAsync(name, progress, cancellationToken).ConfigureAwait(false);
            }

            if (tagUpdate != null)
                await Lambda.TagResourceAsync(config.FunctionArn, new TagResourceRequest { Tags = tagUpdate }, cancellationToken).ConfigureAwait(false);

            var function = ToFunction(config, ResourceAction.Updated, changes);
            if (spec.Publish)
            {
                var version = await RetryOnConflictAsync(name,
                    ct => Lambda.PublishVersionAsync(name, new PublishVersionRequest { CodeSha256 = config.CodeSha256 }, ct), progress, cancellationToken).ConfigureAwait(false);
                function.Version = version.Version;
                changes.Add($"Published version {version.Version}");
                function.Changes = changes.ToArray();
            }
            return function;
        }

        /// <summary>Only settings the caller gave and that differ go into the update; null when nothing differs.</summary>
        private static UpdateFunctionConfigurationRequest PlanConfiguration(FunctionSpec spec, string roleArn, FunctionConfiguration config, List<string> changes)
        {
            var update = new UpdateFunctionConfigurationRequest();
            bool any = false;
            void Note(string what, object from, object to) { changes.Add($"{what} {Show(from)} -> {Show(to)}"); any = true; }

            if (!string.Equals(config.Handler, spec.Handler, StringComparison.Ordinal)) { update.Handler = spec.Handler; Note("Handler", config.Handler, spec.Handler); }
            if (!string.Equals(config.Runtime, spec.Runtime, StringComparison.Ordinal)) { update.Runtime = spec.Runtime; Note("Runtime", config.Runtime, spec.Runtime); }
            if (!string.Equals(config.Role, roleArn, StringComparison.Ordinal)) { update.Role = roleArn; Note("Role", config.Role, roleArn); }
            if (spec.MemorySize.HasValue && spec.MemorySize != config.MemorySize) { update.MemorySize = spec.MemorySize; Note("MemorySize", config.MemorySize, spec.MemorySize); }
            if (spec.Timeout.HasValue && spec.Timeout != config.Timeout) { update.Timeout = spec.Timeout; Note("Timeout", config.Timeout, spec.Timeout); }
            if (spec.Description != null && !string.Equals(spec.Description, config.Description ?? "", StringComparison.Ordinal))
            {
                update.Description = spec.Description;
                Note("Description", config.Description, spec.Description);
            }
            if (spec.Environment != null)
            {
                var current = config.Environment?.Variables ?? new Dictionary<string, string>();
                bool same = current.Count == spec.Environment.Count &&
                            spec.Environment.All(p => current.TryGetValue(p.Key, out var v) && v == (p.Value ?? ""));
                if (!same)
                {
                    update.Environment = new EnvironmentSettings { Variables = new Dictionary<string, string>(spec.Environment) };
                    // Names only: values may be secrets.
                    var names = current.Keys.Union(spec.Environment.Keys).Where(k => !current.TryGetValue(k, out var v) || !spec.Environment.TryGetValue(k, out var w) || v != (w ?? ""));
                    changes.Add("Environment variables changed: " + string.Join(", ", names.OrderBy(n => n, StringComparer.Ordinal)));
                    any = true;
                }
            }
            return any ? update : null;
        }

        private static Dictionary<string, string> PlanTags(FunctionSpec spec, Dictionary<string, string> current, List<string> changes)
        {
            if (spec.Tags == null || spec.Tags.Count == 0) return null;
            current = current ?? new Dictionary<string, string>();
            var missing = spec.Tags.Where(t => !current.TryGetValue(t.Key, out var v) || v != (t.Value ?? ""))
                .ToDictionary(t => t.Key, t => t.Value ?? "", StringComparer.Ordinal);
            if (missing.Count == 0) return null;
            changes.Add("Tags: " + string.Join(", ", missing.Keys.OrderBy(k => k, StringComparer.Ordinal)));
            return missing;
        }

        private static string Show(object value) => value == null || (value is string s && s.Length == 0) ? "(none)" : value.ToString();

        /// <summary>
        /// Lambda answers ResourceConflictException while a previous update is in progress. Alonzo waits
        /// for every update it makes, so this only happens when someone else is changing the function:
        /// wait for that update to finish, then try again (bounded).
        /// </summary>
        private async Task<T> RetryOnConflictAsync<T>(string name, Func<CancellationToken, Task<T>> call, IProgress<WaitProgress> progress, CancellationToken cancellationToken)
        {
            var deadline = DateTime.UtcNow + Timeout;
            int attempt = 0;
            while (true)
            {
                attempt++;
                try
                {
                    return await call(cancellationToken).ConfigureAwait(false);
                }
                catch (AwsConflictException e) when (e.ErrorCode == "ResourceConflictException" && DateTime.UtcNow < deadline)
                {
                    Info?.Invoke($"Function '{name}' is being changed by another update ({e.ServiceMessage}); waiting for it to finish (try {attempt}).");
                    await WaitUntilReadyAsync(name, progress, cancellationToken).ConfigureAwait(false);
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 250 * attempt)), cancellationToken).ConfigureAwait(false);
                }
            }
        }

        /// <summary>
        /// FunctionActiveV2 and FunctionUpdatedV2 in one: State Active (Pending retries, Failed fails)
        /// and LastUpdateStatus Successful (InProgress retries, Failed fails).
        /// </summary>
        public async Task<FunctionConfiguration> WaitUntilReadyAsync(string name, IProgress<WaitProgress> progress, CancellationToken cancellationToken)
        {
            var waiter = new Waiter(ModelDelay, Timeout);
            var config = await waiter.WaitAsync($"Waiting for function '{name}' to be ready",
                ct => Lambda.GetFunctionConfigurationAsync(name, null, ct),
                c =>
                {
                    string status = $"State {c.State ?? "?"}, last update {c.LastUpdateStatus ?? "?"}";
                    if (c.State == "Failed" || c.LastUpdateStatus == "Failed") return (WaitVerdict.Failure, status);
                    bool active = c.State == null || c.State == "Active" || c.State == "Inactive";
                    bool updated = c.LastUpdateStatus == null || c.LastUpdateStatus == "Successful";
                    return (active && updated ? WaitVerdict.Success : WaitVerdict.Retry, status);
                },
                progress, cancellationToken).ConfigureAwait(false);
            if (config.State == "Failed")
                throw new AlonzoOperationException("FunctionFailed", FailureKind.InvalidOperation,
                    $"Function '{name}' failed to become active: {config.StateReasonCode} {config.StateReason}",
                    "Fix the cause named above (often the role's permissions or the VPC settings) and publish again.");
            if (config.LastUpdateStatus == "Failed")
                throw new AlonzoOperationException("FunctionUpdateFailed", FailureKind.InvalidOperation,
                    $"The last update of function '{name}' failed: {config.LastUpdateStatusReasonCode} {config.LastUpdateStatusReason}",
                    "Fix the cause named above and publish again.");
            return config;
        }

        /// <summary>Invokes the function; RequestResponse calls also bring back the decoded log tail.</summary>
        public async Task<AlonzoInvocation> InvokeAsync(string name, string payloadJson, string invocationType, string qualifier, CancellationToken cancellationToken)
        {
            invocationType = invocationType ?? "RequestResponse";
            var reply = await Lambda.InvokeAsync(new InvokeRequest
            {
                FunctionName = name,
                InvocationType = invocationType,
                LogType = invocationType == "RequestResponse" ? "Tail" : null,
                Qualifier = qualifier,
                Payload = payloadJson == null ? null : System.Text.Encoding.UTF8.GetBytes(payloadJson),
            }, cancellationToken).ConfigureAwait(false);

            string text = reply.Payload == null || reply.Payload.Length == 0 ? null : System.Text.Encoding.UTF8.GetString(reply.Payload);
            string log = null;
            if (!string.IsNullOrEmpty(reply.LogResult))
            {
                try { log = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(reply.LogResult)); }
                catch (FormatException) { log = reply.LogResult; }
            }
            return InvocationResults.Complete(new AlonzoInvocation
            {
                FunctionName = name,
                StatusCode = reply.StatusCode,
                FunctionError = string.IsNullOrEmpty(reply.FunctionError) ? null : reply.FunctionError,
                ExecutedVersion = reply.ExecutedVersion,
                InvocationType = invocationType,
                PayloadText = text,
                LogTail = log,
            }, log);
        }

        /// <summary>Deletes the function; false when it did not exist.</summary>
        public async Task<bool> RemoveAsync(string name, CancellationToken cancellationToken)
        {
            try
            {
                await Lambda.DeleteFunctionAsync(name, null, cancellationToken).ConfigureAwait(false);
                Info?.Invoke($"Deleted function '{name}'.");
                return true;
            }
            catch (AwsResourceNotFoundException)
            {
                return false;
            }
        }

        internal AlonzoFunction ToFunction(FunctionConfiguration c, ResourceAction action, List<string> changes) => new AlonzoFunction
        {
            FunctionName = c.FunctionName,
            FunctionArn = c.FunctionArn,
            Runtime = c.Runtime,
            Handler = c.Handler,
            Role = c.Role,
            MemorySize = c.MemorySize ?? 128,
            Timeout = c.Timeout ?? 3,
            CodeSha256 = c.CodeSha256,
            CodeSize = c.CodeSize,
            State = c.State,
            StateReason = c.StateReason,
            LastUpdateStatus = c.LastUpdateStatus,
            Version = c.Version ?? "$LATEST",
            Description = c.Description,
            Architecture = c.Architectures?.FirstOrDefault() ?? "x86_64",
            EnvironmentVariableNames = c.Environment?.Variables?.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray() ?? Array.Empty<string>(),
            LastModified = c.LastModified,
            Region = _context.Region,
            Action = action,
            Changes = changes?.ToArray() ?? Array.Empty<string>(),
        };
    }
}
