using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Aws.Lambda;
using Alonzo.Aws.Runtime;
using Alonzo.Json;
using Alonzo.Network;
using Alonzo.Resources;
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
        /// <summary>The deployment package.</summary>
        public DeploymentZip Code { get; set; }
        /// <summary>Where the function's network interfaces go; null leaves the VPC settings as they are, <see cref="FunctionVpcSpec.None"/> takes the function out of its VPC.</summary>
        public FunctionVpcSpec Vpc { get; set; }
        /// <summary>With a VPC: attach AWSLambdaVPCAccessExecutionRole when the role cannot manage network interfaces (otherwise only warn).</summary>
        public bool AttachVpcPolicy { get; set; } = true;

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
            Vpc?.Validate();
        }
    }

    /// <summary>
    /// Converges a Lambda function: creates it when missing (retrying while a new role propagates),
    /// uploads code only when its CodeSha256 differs, changes only the settings that differ, and
    /// waits for Lambda to finish each change before the next, so ResourceConflictException never
    /// reaches the user. An unchanged function costs reads only.
    /// </summary>
    public sealed class FunctionOperations : IResourceOperations<FunctionSpec, AlonzoFunction>
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
            var functions = await Paginator.AllAsync("ListFunctions", async (marker, ct) =>
            {
                var page = await Lambda.ListFunctionsAsync(marker, null, ct).ConfigureAwait(false);
                return ((IEnumerable<FunctionConfiguration>)page.Functions, Paginator.Next(page.NextMarker));
            }, cancellationToken).ConfigureAwait(false);
            return functions.Where(f => nameFilter == null || nameFilter(f.FunctionName))
                .Select(f => ToFunction(f, ResourceAction.None, null))
                .OrderBy(f => f.FunctionName, StringComparer.Ordinal).ToList();
        }

        public ResourceKind Kind => ResourceKind.Function;

        public Task<AlonzoFunction> ReadAsync(string name, CancellationToken cancellationToken) => GetAsync(name, cancellationToken);

        /// <summary>What apply needs beyond the changes.</summary>
        private sealed class FunctionWork
        {
            public FunctionSpec Spec;
            public GetFunctionResponse Current;
            public ResourceReference Role;
            public bool CodeDiffers;
            public bool ArchitectureDiffers;
            public Dictionary<string, string> TagUpdate;
            /// <summary>The role to attach AWSLambdaVPCAccessExecutionRole to before the VPC settings are applied.</summary>
            public string AttachVpcPolicyTo;
            /// <summary>The VPC the function leaves (for the note about its lingering network interfaces).</summary>
            public string LeavingVpc;
        }

        /// <summary>
        /// Reads the function once, resolves the role and works out what would change, without
        /// changing anything (so -WhatIf can show it and ShouldProcess can ask about it). A role that
        /// another plan in the scope creates is a reference resolved at apply.
        /// </summary>
        public async Task<ResourcePlan> PlanAsync(FunctionSpec spec, ResourceScope scope, CancellationToken cancellationToken)
        {
            spec.Validate();
            var code = spec.Code ?? throw new ArgumentException("The function spec has no code.", nameof(spec));
            var key = ResourceKey.Function(spec.Name);
            var current = await GetOrNullAsync(spec.Name, cancellationToken).ConfigureAwait(false);
            var role = await ResolveRoleAsync(spec.Role, current?.Configuration?.Role, scope, cancellationToken).ConfigureAwait(false);
            var work = new FunctionWork { Spec = spec, Current = current, Role = role };
            var plan = new ResourcePlan(key, PlanAction.None) { State = work };
            plan.DependOn(role.Target);

            if (current?.Configuration == null)
            {
                plan.Action = PlanAction.Create;
                VpcPlacementCheck placement = null;
                if (spec.Vpc != null && !spec.Vpc.IsNone)
                    placement = await PlanVpcAsync(plan, work, scope, cancellationToken).ConfigureAwait(false);
                string where = placement == null ? "" : $" in {placement.VpcId}" +
                    (work.AttachVpcPolicyTo == null ? "" : $", after attaching AWSLambdaVPCAccessExecutionRole to role {work.AttachVpcPolicyTo}");
                plan.Add(new ResourceChange(key, ChangeOperation.Create, "", null, spec.Name,
                    summary: $"Create function with code {code.CodeSha256} ({code.Size:N0} bytes){where}",
                    done: $"Created with code {code.CodeSha256} ({code.Size:N0} bytes){(placement == null ? "" : " in " + placement.VpcId)}"));
                plan.Property("Code", code.CodeSha256);
                plan.Property("Handler", spec.Handler);
                plan.Property("Runtime", spec.Runtime);
                plan.Property("Role", role.ToString());
                plan.Property("MemorySize", spec.MemorySize ?? 128);
                plan.Property("Timeout", spec.Timeout ?? 3);
                plan.Property("Architecture", spec.Architecture ?? "x86_64");
                if (!string.IsNullOrEmpty(spec.Description)) plan.Property("Description", spec.Description);
                if (spec.Environment != null && spec.Environment.Count > 0)
                    plan.Property("Environment", new Dictionary<string, string>(spec.Environment), sensitive: true,
                        summary: "Environment variables: " + string.Join(", ", spec.Environment.Keys.OrderBy(k => k, StringComparer.Ordinal)));
                if (spec.Tags != null && spec.Tags.Count > 0) plan.Property("Tags", TagDiff.Missing(null, spec.Tags));
                if (placement != null) plan.Property("VpcConfig", $"{placement.VpcId}: {spec.Vpc}");
                return plan;
            }

            var config = current.Configuration;
            plan.Current = WithTags(current);
            work.CodeDiffers = !string.Equals(config.CodeSha256, code.CodeSha256, StringComparison.Ordinal);
            string currentArchitecture = config.Architectures?.FirstOrDefault() ?? "x86_64";
            work.ArchitectureDiffers = spec.Architecture != null && spec.Architecture != currentArchitecture;
            if (work.ArchitectureDiffers) plan.Set("Architecture", currentArchitecture, spec.Architecture);
            if (work.CodeDiffers) plan.Set("Code", config.CodeSha256, code.CodeSha256, summary: $"Code {config.CodeSha256} -> {code.CodeSha256} ({code.Size:N0} bytes)");
            PlanConfiguration(plan, work, config);
            await PlanVpcChangeAsync(plan, work, config, scope, cancellationToken).ConfigureAwait(false);
            var tags = TagDiff.Plan(plan, current.Tags, spec.Tags, t => "Tags: " + string.Join(", ", t.Keys));
            if (tags != null) work.TagUpdate = new Dictionary<string, string>((IDictionary<string, string>)tags.Payload, StringComparer.Ordinal);
            if (plan.Changes.Count > 0) plan.Action = PlanAction.Update;
            return plan;
        }

        /// <summary>The VPC settings as a change when they differ as sets; a VPC being entered is checked through EC2 first.</summary>
        private async Task PlanVpcChangeAsync(ResourcePlan plan, FunctionWork work, FunctionConfiguration config, ResourceScope scope, CancellationToken cancellationToken)
        {
            var wanted = work.Spec.Vpc;
            if (wanted == null) return;
            var subnets = config.VpcConfig?.SubnetIds ?? new List<string>();
            var groups = config.VpcConfig?.SecurityGroupIds ?? new List<string>();
            if (FunctionVpcSpec.SameSets(subnets, wanted.SubnetIds) && FunctionVpcSpec.SameSets(groups, wanted.SecurityGroupIds)) return;
            string before = FunctionVpcSpec.Describe(subnets, groups);
            string summary;
            if (wanted.IsNone)
            {
                work.LeavingVpc = string.IsNullOrEmpty(config.VpcConfig?.VpcId) ? "its VPC" : config.VpcConfig.VpcId;
                summary = $"VpcConfig: take the function out of {work.LeavingVpc} (Lambda keeps its network interfaces for up to about 45 minutes)";
            }
            else
            {
                var vpc = await PlanVpcAsync(plan, work, scope, cancellationToken).ConfigureAwait(false);
                summary = $"VpcConfig {before} -> {vpc.VpcId}: {wanted}";
            }
            plan.Set("VpcConfig", before, wanted.ToString(), summary: summary).Payload = (ConfigurationField)((r, _) => r.VpcConfig = new VpcConfig
            {
                SubnetIds = new List<string>(wanted.SubnetIds),
                SecurityGroupIds = new List<string>(wanted.SecurityGroupIds),
            });
        }

        /// <summary>
        /// Before the function is touched: every subnet and group exists, in one VPC; a warning when no
        /// subnet has a NAT route; and the role's network-interface permissions (attaching
        /// AWSLambdaVPCAccessExecutionRole as a change of the plan unless told not to).
        /// </summary>
        private async Task<VpcPlacementCheck> PlanVpcAsync(ResourcePlan plan, FunctionWork work, ResourceScope scope, CancellationToken cancellationToken)
        {
            var spec = work.Spec;
            var placement = new VpcPlacement(_context);
            var check = await placement.CheckAsync(spec.Vpc, cancellationToken).ConfigureAwait(false);
            if (!check.CanReachOutside)
                Warning?.Invoke($"None of the subnets of function '{spec.Name}' ({string.Join(", ", spec.Vpc.SubnetIds)}) routes 0.0.0.0/0 to a NAT gateway: the function cannot reach anything outside VPC {check.VpcId} (the internet, or AWS APIs without VPC endpoints).");

            string roleName = work.Role.IsKnown ? RoleRules.RoleNameFromArn(work.Role.Value) ?? work.Role.Target.Name : work.Role.Target.Name;
            bool canManage = !work.Role.IsKnown ? false : await placement.RoleCanManageInterfacesAsync(roleName, cancellationToken).ConfigureAwait(false);
            if (canManage) return check;
            if (!spec.AttachVpcPolicy)
            {
                Warning?.Invoke($"Role '{roleName}' does not allow ec2:CreateNetworkInterface, DescribeNetworkInterfaces and DeleteNetworkInterface; Lambda will refuse the VPC settings (\"The provided execution role does not have permissions to call CreateNetworkInterface on EC2\"). Attach {VpcPlacement.VpcAccessPolicyArn}, or omit -NoVpcPolicy.");
                return check;
            }
            work.AttachVpcPolicyTo = roleName;
            var attach = plan.Add(new ResourceChange(plan.Key, ChangeOperation.Add, "Role.ManagedPolicyArns", null, VpcPlacement.VpcAccessPolicyArn,
                item: VpcPlacement.VpcAccessPolicyArn,
                summary: $"Attach AWSLambdaVPCAccessExecutionRole to role {roleName} (Lambda needs it to manage the function's network interfaces)",
                done: $"Attached AWSLambdaVPCAccessExecutionRole to role {roleName}"));
            attach.IsPartOfCreate = plan.Action == PlanAction.Create;
            return check;
        }

        /// <summary>Attaches AWSLambdaVPCAccessExecutionRole when the plan says so and the change is approved (part of a create, or approved on its own).</summary>
        private async Task AttachVpcPolicyAsync(ResourcePlan plan, FunctionWork work, ResourceScope scope, CancellationToken cancellationToken)
        {
            if (work.AttachVpcPolicyTo == null) return;
            var change = plan.Changes.FirstOrDefault(c => c.Path == "Role.ManagedPolicyArns");
            if (change == null || (!change.IsPartOfCreate && !scope.IsApproved(change))) return;
            await _context.Iam.AttachRolePolicyAsync(work.AttachVpcPolicyTo, VpcPlacement.VpcAccessPolicyArn, cancellationToken).ConfigureAwait(false);
            Info?.Invoke($"Attached {VpcPlacement.VpcAccessPolicyArn} to role '{work.AttachVpcPolicyTo}' so Lambda can manage the function's network interfaces.");
        }

        /// <summary>Carries out a plan: creates, or makes exactly the planned changes, waiting after each; or deletes.</summary>
        public async Task<AlonzoFunction> ApplyAsync(ResourcePlan plan, ResourceScope scope, CancellationToken cancellationToken)
        {
            scope = scope ?? new ResourceScope();
            AlonzoFunction result;
            switch (plan.Action)
            {
                case PlanAction.Remove:
                    if (await RemoveAsync(plan.Name, cancellationToken).ConfigureAwait(false) && plan.Current is AlonzoFunction removed && !string.IsNullOrEmpty(removed.VpcId))
                        Warning?.Invoke(LingeringInterfaces(plan.Name, removed.VpcId));
                    return null;
                case PlanAction.Create:
                    var work = (FunctionWork)plan.State;
                    await AttachVpcPolicyAsync(plan, work, scope, cancellationToken).ConfigureAwait(false);
                    result = await CreateAsync(work.Spec, scope.Resolve(work.Role), scope, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    if (plan.State is FunctionWork updating) await AttachVpcPolicyAsync(plan, updating, scope, cancellationToken).ConfigureAwait(false);
                    result = await UpdateAsync(plan, scope, cancellationToken).ConfigureAwait(false);
                    if (result != null && plan.State is FunctionWork left && left.LeavingVpc != null &&
                        plan.Changes.Any(c => c.Path == "VpcConfig" && scope.IsApproved(c)))
                        Warning?.Invoke(LingeringInterfaces(plan.Name, left.LeavingVpc));
                    break;
            }
            plan.Result = result;
            scope.AddResult(plan.Key, a => a == "Arn" ? result.FunctionArn : a == "Name" ? result.FunctionName : null);
            return result;
        }

        private static string LingeringInterfaces(string name, string vpc) =>
            $"Lambda keeps the network interfaces of function '{name}' in {vpc} for up to about 45 minutes: until they are gone, its security groups and subnets cannot be deleted (Remove-AlonzoSecurityGroup waits for them).";

        /// <summary>Plan and apply in one go.</summary>
        public async Task<AlonzoFunction> PublishAsync(FunctionSpec spec, IProgress<WaitProgress> progress, CancellationToken cancellationToken)
        {
            var plan = await PlanAsync(spec, null, cancellationToken).ConfigureAwait(false);
            return await ApplyAsync(plan, new ResourceScope { Progress = progress }, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// A role the function already uses needs no lookup; one that the scope creates is pending;
        /// any other is checked (and a name turned into an ARN) before anything is created or changed.
        /// </summary>
        private async Task<ResourceReference> ResolveRoleAsync(string role, string currentRoleArn, ResourceScope scope, CancellationToken cancellationToken)
        {
            string roleName = RoleRules.LooksLikeArn(role) ? RoleRules.RoleNameFromArn(role) ?? role : role;
            var roleKey = ResourceKey.Role(roleName);
            if (currentRoleArn != null)
            {
                if (string.Equals(role, currentRoleArn, StringComparison.Ordinal)) return ResourceReference.Known(roleKey, "Arn", currentRoleArn);
                if (!FunctionRules.IsArn(role) && string.Equals(RoleRules.RoleNameFromArn(currentRoleArn), role, StringComparison.Ordinal))
                    return ResourceReference.Known(roleKey, "Arn", currentRoleArn);
            }
            if (scope != null && scope.WillCreate(roleKey))
                return RoleRules.LooksLikeArn(role) ? ResourceReference.Known(roleKey, "Arn", role) : ResourceReference.Pending(roleKey, "Arn");
            var roles = new RoleOperations(_context);
            roles.Warning += m => Warning?.Invoke(m);
            var resolved = await roles.ResolveAsync(role, cancellationToken).ConfigureAwait(false);
            return ResourceReference.Known(roleKey, "Arn", resolved.Arn);
        }

        private async Task<AlonzoFunction> CreateAsync(FunctionSpec spec, string roleArn, ResourceScope scope, CancellationToken cancellationToken)
        {
            var code = spec.Code;
            var progress = scope.Progress;
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
                VpcConfig = spec.Vpc == null || spec.Vpc.IsNone ? null : new VpcConfig { SubnetIds = new List<string>(spec.Vpc.SubnetIds), SecurityGroupIds = new List<string>(spec.Vpc.SecurityGroupIds) },
            };

            var created = await CreateWhileRolePropagatesAsync(request, progress, cancellationToken).ConfigureAwait(false);
            if (created == null)
            {
                // Someone else created it meanwhile: converge on theirs.
                var replanned = await PlanAsync(spec, scope, cancellationToken).ConfigureAwait(false);
                return await UpdateAsync(replanned, scope, cancellationToken).ConfigureAwait(false);
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
            try
            {
                return await Retrying.WhileAsync(ct => Lambda.CreateFunctionAsync(request, ct), IsRoleNotAssumable,
                    RetryBudget.For(RolePropagationTimeout, RoleRetryFirstDelay),
                    (failed, ct) =>
                    {
                        Info?.Invoke($"Lambda cannot assume role '{request.Role}' yet (IAM is still propagating it); try {failed.Attempt} failed, retrying in {failed.Delay.Value.TotalSeconds:0} s.");
                        progress?.Report(new WaitProgress($"Waiting for IAM to propagate role for function '{request.FunctionName}'",
                            $"try {failed.Attempt}: role not assumable yet", failed.Elapsed, RolePropagationTimeout, failed.Attempt));
                        return Task.CompletedTask;
                    },
                    failed => new AlonzoOperationException("RoleNotAssumable", FailureKind.InvalidOperation,
                        $"Lambda still cannot assume the role '{request.Role}' after {failed.Elapsed.TotalSeconds:0} seconds ({failed.Attempt} attempts): {failed.Error.ServiceMessage}",
                        "Check that the role's trust policy allows lambda.amazonaws.com (New-AlonzoRole converges it), then run the command again.", failed.Error),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (AwsConflictException e) when (e.ErrorCode == "ResourceConflictException" && (e.ServiceMessage ?? "").IndexOf("exist", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                Info?.Invoke($"Function '{request.FunctionName}' was created by another caller at the same time; converging on it.");
                return null;
            }
        }

        private static bool IsRoleNotAssumable(AwsServiceException e) =>
            e.ErrorCode == "InvalidParameterValueException" && ((e.ServiceMessage ?? "").IndexOf(RoleNotAssumable, StringComparison.OrdinalIgnoreCase) >= 0 || LacksInterfacePermissions(e));

        /// <summary>"The provided execution role does not have permissions to call CreateNetworkInterface on EC2": right after the policy is attached, IAM is still propagating it.</summary>
        private static bool LacksInterfacePermissions(AwsServiceException e) =>
            e.ErrorCode == "InvalidParameterValueException" && (e.ServiceMessage ?? "").IndexOf("permissions to call CreateNetworkInterface", StringComparison.OrdinalIgnoreCase) >= 0;

        private async Task<AlonzoFunction> UpdateAsync(ResourcePlan plan, ResourceScope scope, CancellationToken cancellationToken)
        {
            var work = (FunctionWork)plan.State;
            var spec = work.Spec;
            var code = spec.Code;
            var progress = scope.Progress;
            var config = work.Current.Configuration;
            var name = spec.Name;
            var approved = plan.Changes.Where(scope.IsApproved).ToList();
            bool Approved(string path) => approved.Any(c => c.Path == path);
            var changes = approved.Select(c => c.Summary).ToList();

            if (plan.IsEmpty)
            {
                Info?.Invoke($"Function '{name}' is up to date (code {config.CodeSha256}); nothing to change.");
                if (spec.Publish) Info?.Invoke("Nothing changed, so no new version was published.");
                return ToFunction(config, ResourceAction.Unchanged, changes);
            }

            if (approved.Count == 0) return null;

            // An update still running from someone else would make ours fail with ResourceConflictException.
            if (config.LastUpdateStatus == "InProgress" || config.State == "Pending")
                config = await WaitUntilReadyAsync(name, progress, cancellationToken).ConfigureAwait(false);

            bool codeApproved = work.CodeDiffers && Approved("Code");
            bool architectureApproved = work.ArchitectureDiffers && Approved("Architecture") && (codeApproved || !work.CodeDiffers);
            if (codeApproved || architectureApproved)
            {
                var request = new UpdateFunctionCodeRequest
                {
                    ZipFile = code.Zip,
                    Architectures = architectureApproved ? new List<string> { spec.Architecture } : null,
                };
                await RetryOnConflictAsync(name, ct => Lambda.UpdateFunctionCodeAsync(name, request, ct), progress, cancellationToken).ConfigureAwait(false);
                Info?.Invoke($"Uploaded new code for '{name}' ({code.Size:N0} bytes).");
                config = await WaitUntilReadyAsync(name, progress, cancellationToken).ConfigureAwait(false);
            }

            var fields = approved.Where(c => c.Payload is ConfigurationField).ToList();
            if (fields.Count > 0)
            {
                var configUpdate = new UpdateFunctionConfigurationRequest();
                foreach (var field in fields) ((ConfigurationField)field.Payload)(configUpdate, scope);
                await RetryOnConflictAsync(name, ct => Lambda.UpdateFunctionConfigurationAsync(name, configUpdate, ct), progress, cancellationToken).ConfigureAwait(false);
                Info?.Invoke($"Updated the configuration of '{name}'.");
                config = await WaitUntilReadyAsync(name, progress, cancellationToken).ConfigureAwait(false);
            }

            if (work.TagUpdate != null && Approved("Tags"))
                await Lambda.TagResourceAsync(config.FunctionArn, new TagResourceRequest { Tags = work.TagUpdate }, cancellationToken).ConfigureAwait(false);

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

        /// <summary>How an approved configuration change fills in UpdateFunctionConfiguration (the role is resolved at apply).</summary>
        private delegate void ConfigurationField(UpdateFunctionConfigurationRequest request, ResourceScope scope);

        /// <summary>Only settings the caller gave and that differ become changes, each filling in its field of the update.</summary>
        private static void PlanConfiguration(ResourcePlan plan, FunctionWork work, FunctionConfiguration config)
        {
            var spec = work.Spec;
            void Note(string what, object from, object to, ConfigurationField field, bool sensitive = false, string summary = null) =>
                plan.Set(what, from, to, sensitive, summary).Payload = field;

            if (!string.Equals(config.Handler, spec.Handler, StringComparison.Ordinal)) Note("Handler", config.Handler, spec.Handler, (r, _) => r.Handler = spec.Handler);
            if (!string.Equals(config.Runtime, spec.Runtime, StringComparison.Ordinal)) Note("Runtime", config.Runtime, spec.Runtime, (r, _) => r.Runtime = spec.Runtime);
            if (!work.Role.IsKnown || !string.Equals(config.Role, work.Role.Value, StringComparison.Ordinal))
                Note("Role", config.Role, work.Role.ToString(), (r, scope) => r.Role = scope.Resolve(work.Role));
            if (spec.MemorySize.HasValue && spec.MemorySize != config.MemorySize) Note("MemorySize", config.MemorySize, spec.MemorySize, (r, _) => r.MemorySize = spec.MemorySize);
            if (spec.Timeout.HasValue && spec.Timeout != config.Timeout) Note("Timeout", config.Timeout, spec.Timeout, (r, _) => r.Timeout = spec.Timeout);
            if (spec.Description != null && !string.Equals(spec.Description, config.Description ?? "", StringComparison.Ordinal))
                Note("Description", config.Description, spec.Description, (r, _) => r.Description = spec.Description);
            if (spec.Environment != null)
            {
                var current = config.Environment?.Variables ?? new Dictionary<string, string>();
                bool same = current.Count == spec.Environment.Count &&
                            spec.Environment.All(p => current.TryGetValue(p.Key, out var v) && v == (p.Value ?? ""));
                if (!same)
                {
                    // Names only: values may be secrets.
                    var names = current.Keys.Union(spec.Environment.Keys).Where(k => !current.TryGetValue(k, out var v) || !spec.Environment.TryGetValue(k, out var w) || v != (w ?? ""));
                    Note("Environment", new Dictionary<string, string>(current), new Dictionary<string, string>(spec.Environment),
                        (r, _) => r.Environment = new EnvironmentSettings { Variables = new Dictionary<string, string>(spec.Environment) }, sensitive: true,
                        summary: "Environment variables changed: " + string.Join(", ", names.OrderBy(n => n, StringComparer.Ordinal)));
                }
            }
        }

        /// <summary>
        /// Lambda answers ResourceConflictException while a previous update is in progress. Alonzo waits
        /// for every update it makes, so this only happens when someone else is changing the function:
        /// wait for that update to finish, then try again (bounded).
        /// </summary>
        private Task<T> RetryOnConflictAsync<T>(string name, Func<CancellationToken, Task<T>> call, IProgress<WaitProgress> progress, CancellationToken cancellationToken) =>
            Retrying.WhileAsync(call, e => (e is AwsConflictException && e.ErrorCode == "ResourceConflictException") || LacksInterfacePermissions(e),
                RetryBudget.For(Timeout, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5)),
                async (failed, ct) =>
                {
                    Info?.Invoke(LacksInterfacePermissions(failed.Error)
                        ? $"Lambda does not see the role's network-interface permissions yet (IAM is still propagating them); try {failed.Attempt} failed, retrying."
                        : $"Function '{name}' is being changed by another update ({failed.Error.ServiceMessage}); waiting for it to finish (try {failed.Attempt}).");
                    await WaitUntilReadyAsync(name, progress, ct).ConfigureAwait(false);
                },
                null, cancellationToken);

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

        /// <summary>Removal: delete the function with all its versions. Empty (None) when there is no such function.</summary>
        public async Task<ResourcePlan> PlanRemoveAsync(string name, ResourceScope scope, CancellationToken cancellationToken)
        {
            FunctionRules.Name(name);
            var key = ResourceKey.Function(name);
            var current = await GetOrNullAsync(name, cancellationToken).ConfigureAwait(false);
            var plan = new ResourcePlan(key, current == null ? PlanAction.None : PlanAction.Remove);
            if (current == null) return plan;
            var function = WithTags(current);
            plan.Current = function;
            plan.Add(new ResourceChange(key, ChangeOperation.Delete, "", name, null,
                summary: function.VpcId == null ? "Delete Lambda function with all its versions"
                    : $"Delete Lambda function with all its versions (Lambda keeps its network interfaces in {function.VpcId} for up to about 45 minutes)",
                done: $"Deleted function '{name}'"));
            return plan;
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

        /// <summary>The function as GetFunction returned it, tags included.</summary>
        private AlonzoFunction WithTags(GetFunctionResponse reply)
        {
            var function = ToFunction(reply.Configuration, ResourceAction.None, null);
            function.Tags = reply.Tags == null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(reply.Tags, StringComparer.Ordinal);
            return function;
        }

        /// <summary>The function with its tags, or null when there is no such function.</summary>
        public async Task<AlonzoFunction> GetWithTagsAsync(string name, CancellationToken cancellationToken)
        {
            var reply = await GetOrNullAsync(name, cancellationToken).ConfigureAwait(false);
            return reply?.Configuration == null ? null : WithTags(reply);
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
            VpcId = c.VpcConfig == null || (c.VpcConfig.SubnetIds?.Count ?? 0) == 0 || string.IsNullOrEmpty(c.VpcConfig.VpcId) ? null : c.VpcConfig.VpcId,
            SubnetIds = c.VpcConfig?.SubnetIds?.OrderBy(x => x, StringComparer.Ordinal).ToArray() ?? Array.Empty<string>(),
            SecurityGroupIds = c.VpcConfig?.SecurityGroupIds?.OrderBy(x => x, StringComparer.Ordinal).ToArray() ?? Array.Empty<string>(),
            LastModified = c.LastModified,
            Region = _context.Region,
            Action = action,
            Changes = changes?.ToArray() ?? Array.Empty<string>(),
        };
    }
}
