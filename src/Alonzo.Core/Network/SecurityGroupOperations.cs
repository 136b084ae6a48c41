using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Aws.Ec2;
using Alonzo.Aws.Runtime;
using Alonzo.Resources;
using Alonzo.Sessions;
using Alonzo.Validation;
using Alonzo.Waiting;

namespace Alonzo.Network
{
    /// <summary>What a security group should be. Tags are added or updated, never removed.</summary>
    public sealed class SecurityGroupSpec
    {
        public string Name { get; set; }
        public string VpcId { get; set; }
        /// <summary>Null: <see cref="SecurityGroupOperations.DefaultDescription"/>. EC2 cannot change it after creation.</summary>
        public string Description { get; set; }
        public IDictionary<string, string> Tags { get; set; }

        public void Validate()
        {
            NetworkRules.GroupName(Name);
            NetworkRules.VpcId(VpcId);
            if (Description != null) NetworkRules.GroupDescription(Description);
            NameRules.Tags(Tags);
        }
    }

    /// <summary>
    /// Security groups through the resource contract: plan (create in the VPC, or add missing tags),
    /// apply, read by name or id, and removal that waits out DependencyViolation while the network
    /// interfaces Lambda keeps for up to about 45 minutes still use the group.
    /// </summary>
    public sealed class SecurityGroupOperations : IResourceOperations<SecurityGroupSpec, AlonzoSecurityGroup>
    {
        public const string DefaultDescription = "Managed by Alonzo";
        /// <summary>Lambda keeps a function's network interfaces for up to about 45 minutes after it leaves the VPC or is deleted.</summary>
        public static readonly TimeSpan DefaultRemoveTimeout = TimeSpan.FromMinutes(45);
        public const string LambdaInterfacePrefix = "AWS Lambda VPC ENI";

        private readonly AlonzoContext _context;

        public SecurityGroupOperations(AlonzoContext context)
        {
            _context = context ?? throw new ArgumentNullException(nameof(context));
        }

        /// <summary>Messages for Verbose: what was decided and why.</summary>
        public event Action<string> Info;
        /// <summary>Things the user asked for that were not done.</summary>
        public event Action<string> Warning;

        /// <summary>Narrows look-ups by name to this VPC (names are unique per VPC only).</summary>
        public string VpcId { get; set; }
        /// <summary>How long a removal waits while the group is still in use (DependencyViolation).</summary>
        public TimeSpan RemoveTimeout { get; set; } = DefaultRemoveTimeout;
        /// <summary>The first wait between delete attempts; it doubles up to <see cref="MaxRetryDelay"/>.</summary>
        public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);
        public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

        public ResourceKind Kind => ResourceKind.SecurityGroup;

        private IEc2Client Ec2 => _context.Ec2;

        public static ResourceKey KeyFor(string name) => new ResourceKey(ResourceKind.SecurityGroup, name);

        // ------------------------------------------------------------------ read

        public Task<AlonzoSecurityGroup> ReadAsync(string name, CancellationToken cancellationToken) => GetAsync(name, cancellationToken);

        /// <summary>The group with this id (sg-...) or name (in <see cref="VpcId"/> when set), or null. A name used in several VPCs is an error.</summary>
        public async Task<AlonzoSecurityGroup> GetAsync(string nameOrId, CancellationToken cancellationToken)
        {
            var found = await FindAsync(nameOrId, cancellationToken).ConfigureAwait(false);
            return found == null ? null : ToGroup(found);
        }

        /// <summary>Groups whose names match, in <see cref="VpcId"/> when set, sorted by VPC and name.</summary>
        public async Task<List<AlonzoSecurityGroup>> ListAsync(Func<string, bool> nameMatches, CancellationToken cancellationToken)
        {
            var query = new Ec2Query();
            if (VpcId != null) query.Filters.Add(new Ec2Filter("vpc-id", VpcId));
            var groups = await Ec2.DescribeSecurityGroupsAsync(query, cancellationToken).ConfigureAwait(false);
            return groups.Where(g => nameMatches(g.GroupName)).OrderBy(g => g.VpcId, StringComparer.Ordinal)
                .ThenBy(g => g.GroupName, StringComparer.Ordinal).Select(ToGroup).ToList();
        }

        internal async Task<Ec2SecurityGroup> FindAsync(string nameOrId, CancellationToken cancellationToken)
        {
            NetworkRules.GroupNameOrId(nameOrId);
            IReadOnlyList<Ec2SecurityGroup> groups;
            if (NetworkRules.IsGroupId(nameOrId))
            {
                try
                {
                    groups = await Ec2.DescribeSecurityGroupsAsync(Ec2Query.ById(nameOrId), cancellationToken).ConfigureAwait(false);
                }
                catch (AwsResourceNotFoundException)
                {
                    return null;
                }
            }
            else
            {
                var query = Ec2Query.Where(new Ec2Filter("group-name", nameOrId));
                if (VpcId != null) query.Filters.Add(new Ec2Filter("vpc-id", VpcId));
                groups = await Ec2.DescribeSecurityGroupsAsync(query, cancellationToken).ConfigureAwait(false);
            }
            var matches = groups.Where(g => NetworkRules.IsGroupId(nameOrId) ? g.GroupId == nameOrId : g.GroupName == nameOrId).ToList();
            if (matches.Count > 1)
                throw new AlonzoOperationException("AmbiguousSecurityGroup", FailureKind.InvalidArgument,
                    $"The security group name '{nameOrId}' is used in {matches.Count} VPCs ({string.Join(", ", matches.Select(g => $"{g.GroupId} in {g.VpcId}"))}).",
                    "Give the group id, or the VPC with -VpcId.");
            return matches.FirstOrDefault();
        }

        // ------------------------------------------------------------------ plan

        public async Task<ResourcePlan> PlanAsync(SecurityGroupSpec spec, ResourceScope scope, CancellationToken cancellationToken)
        {
            spec.Validate();
            var key = KeyFor(spec.Name);
            await RequireVpcAsync(spec.VpcId, cancellationToken).ConfigureAwait(false);
            var previous = VpcId;
            VpcId = spec.VpcId;
            Ec2SecurityGroup current;
            try
            {
                current = await FindAsync(spec.Name, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                VpcId = previous;
            }
            if (current == null)
            {
                var create = new ResourcePlan(key, PlanAction.Create) { State = spec };
                create.Add(new ResourceChange(key, ChangeOperation.Create, "", null, spec.Name,
                    summary: $"Create security group {spec.Name} in {spec.VpcId}",
                    done: $"Created security group {spec.Name} in {spec.VpcId}"));
                create.Property("Description", spec.Description ?? DefaultDescription);
                if (spec.Tags != null && spec.Tags.Count > 0) create.Property("Tags", TagDiff.Missing(null, spec.Tags));
                return create;
            }
            var group = ToGroup(current);
            var plan = new ResourcePlan(key, PlanAction.None) { Current = group, State = spec };
            if (spec.Description != null && !string.Equals(spec.Description, current.Description, StringComparison.Ordinal))
                Warning?.Invoke($"Security group '{spec.Name}' ({current.GroupId}) has the description '{current.Description}', not '{spec.Description}'. EC2 cannot change a group's description; it was left as it is.");
            TagDiff.Plan(plan, current.Tags, spec.Tags, t => "set tags " + ResourceChange.Show(t), t => "Tagged " + string.Join(", ", t.Keys));
            if (plan.Changes.Count > 0) plan.Action = PlanAction.Update;
            return plan;
        }

        /// <summary>Fails with VpcNotFound naming the id unless the VPC exists.</summary>
        public async Task RequireVpcAsync(string vpcId, CancellationToken cancellationToken)
        {
            IReadOnlyList<Ec2Vpc> vpcs;
            try
            {
                vpcs = await Ec2.DescribeVpcsAsync(Ec2Query.ById(vpcId), cancellationToken).ConfigureAwait(false);
            }
            catch (AwsResourceNotFoundException)
            {
                vpcs = Array.Empty<Ec2Vpc>();
            }
            if (!vpcs.Any(v => v.VpcId == vpcId))
                throw new AlonzoOperationException("VpcNotFound", FailureKind.ObjectNotFound,
                    $"No VPC '{vpcId}' in region {_context.Region}.",
                    "Check the id with 'aws ec2 describe-vpcs', or the region with -Region.");
        }

        public async Task<ResourcePlan> PlanRemoveAsync(string name, ResourceScope scope, CancellationToken cancellationToken)
        {
            var current = await FindAsync(name, cancellationToken).ConfigureAwait(false);
            var key = KeyFor(current?.GroupName ?? name);
            var plan = new ResourcePlan(key, current == null ? PlanAction.None : PlanAction.Remove);
            if (current == null) return plan;
            plan.Current = ToGroup(current);
            plan.State = current.GroupId;
            plan.Add(new ResourceChange(key, ChangeOperation.Delete, "", current.GroupId, null,
                summary: $"Delete security group {current.GroupId} ({current.GroupName}) in {current.VpcId}, waiting up to {Minutes(RemoveTimeout)} while network interfaces still use it",
                done: $"Deleted security group {current.GroupId} ({current.GroupName})"));
            return plan;
        }

        // ------------------------------------------------------------------ apply

        public async Task<AlonzoSecurityGroup> ApplyAsync(ResourcePlan plan, ResourceScope scope, CancellationToken cancellationToken)
        {
            scope = scope ?? new ResourceScope();
            AlonzoSecurityGroup result;
            switch (plan.Action)
            {
                case PlanAction.None:
                    result = (AlonzoSecurityGroup)plan.Current;
                    if (result == null) return null;
                    result.Action = ResourceAction.Unchanged;
                    break;
                case PlanAction.Create:
                    result = await CreateAsync(plan, (SecurityGroupSpec)plan.State, cancellationToken).ConfigureAwait(false);
                    break;
                case PlanAction.Update:
                    result = (AlonzoSecurityGroup)plan.Current;
                    var approved = plan.Changes.Where(c => !c.IsPartOfCreate && scope.IsApproved(c)).ToList();
                    if (approved.Count == 0) return null;
                    foreach (var change in approved)
                        if (change.Path == "Tags")
                        {
                            var tags = (SortedDictionary<string, string>)change.Payload;
                            await Ec2.CreateTagsAsync(new[] { result.GroupId }, tags, cancellationToken).ConfigureAwait(false);
                            Info?.Invoke($"Tagged security group {result.GroupId}: {string.Join(", ", tags.Keys)}.");
                        }
                    result = await GetAsync(result.GroupId, cancellationToken).ConfigureAwait(false) ?? result;
                    result.Action = ResourceAction.Updated;
                    result.Changes = approved.Select(c => c.Done).ToList();
                    break;
                case PlanAction.Remove:
                    await DeleteAsync((string)plan.State, ((AlonzoSecurityGroup)plan.Current).GroupName, scope.Progress, cancellationToken).ConfigureAwait(false);
                    plan.Result = null;
                    return null;
                default:
                    throw new InvalidOperationException($"A security group plan cannot {plan.Action}.");
            }
            plan.Result = result;
            scope.AddResult(plan.Key, a => a == "GroupId" || a == "Id" ? result.GroupId : a == "VpcId" ? result.VpcId : null);
            return result;
        }

        private async Task<AlonzoSecurityGroup> CreateAsync(ResourcePlan plan, SecurityGroupSpec spec, CancellationToken cancellationToken)
        {
            var request = new Ec2CreateSecurityGroupRequest
            {
                GroupName = spec.Name,
                VpcId = spec.VpcId,
                Description = spec.Description ?? DefaultDescription,
                Tags = spec.Tags == null ? new Dictionary<string, string>() : spec.Tags.ToDictionary(t => t.Key, t => t.Value ?? "", StringComparer.Ordinal),
            };
            string id;
            try
            {
                id = await Ec2.CreateSecurityGroupAsync(request, cancellationToken).ConfigureAwait(false);
                Info?.Invoke($"Created security group {id} ({spec.Name}) in {spec.VpcId}.");
            }
            catch (AwsConflictException e) when (e.ErrorCode == "InvalidGroup.Duplicate")
            {
                // Created by another caller at the same time, or by an earlier attempt the SDK retried after a 5xx.
                Info?.Invoke($"Security group '{spec.Name}' already exists in {spec.VpcId} (created at the same time); using it.");
                var raced = await FindInVpcAsync(spec, cancellationToken).ConfigureAwait(false);
                if (raced == null) throw;
                raced.Action = ResourceAction.Unchanged;
                return raced;
            }
            var created = await GetAsync(id, cancellationToken).ConfigureAwait(false) ??
                          new AlonzoSecurityGroup { GroupId = id, GroupName = spec.Name, VpcId = spec.VpcId, Description = request.Description, Region = _context.Region };
            created.Action = ResourceAction.Created;
            created.Changes = plan.Changes.Where(c => c.Operation == ChangeOperation.Create).Select(c => c.Done).ToList();
            return created;
        }

        private async Task<AlonzoSecurityGroup> FindInVpcAsync(SecurityGroupSpec spec, CancellationToken cancellationToken)
        {
            var previous = VpcId;
            VpcId = spec.VpcId;
            try
            {
                return await GetAsync(spec.Name, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                VpcId = previous;
            }
        }

        /// <summary>
        /// DeleteSecurityGroup, retried while EC2 answers DependencyViolation (Lambda's lingering
        /// network interfaces, for up to about 45 minutes), bounded by <see cref="RemoveTimeout"/>.
        /// </summary>
        private async Task DeleteAsync(string groupId, string groupName, IProgress<WaitProgress> progress, CancellationToken cancellationToken)
        {
            string activity = $"Deleting security group {groupId} ({groupName})";
            var budget = RetryBudget.For(RemoveTimeout, FirstRetryDelay, MaxRetryDelay);
            string users = null;
            try
            {
                await Retrying.WhileAsync(ct => Ec2.DeleteSecurityGroupAsync(groupId, ct),
                    e => e.ErrorCode == "DependencyViolation", budget,
                    async (attempt, ct) =>
                    {
                        users = await DescribeUsersAsync(groupId, ct).ConfigureAwait(false);
                        if (attempt.Attempt == 1)
                            Info?.Invoke($"Security group {groupId} is still in use ({users}). Lambda keeps a function's network interfaces for up to about 45 minutes after it leaves the VPC or is deleted; retrying for up to {Minutes(RemoveTimeout)}.");
                        progress?.Report(new WaitProgress(activity, $"still in use ({users}); next try in {attempt.Delay.Value.TotalSeconds:0}s", attempt.Elapsed, attempt.Timeout, attempt.Attempt));
                    },
                    attempt => new AlonzoOperationException("SecurityGroupInUse", FailureKind.ResourceUnavailable,
                        $"Security group {groupId} ({groupName}) is still in use after {Minutes(attempt.Elapsed)} ({users ?? "EC2: " + attempt.Error.Message}); it was not deleted.",
                        $"Lambda releases a function's network interfaces up to about 45 minutes after it leaves the VPC or is deleted: run the command again later, or wait longer with -TimeoutSec. 'aws ec2 describe-network-interfaces --filters Name=group-id,Values={groupId}' shows what uses it.",
                        attempt.Error),
                    cancellationToken).ConfigureAwait(false);
                Info?.Invoke($"Deleted security group {groupId} ({groupName}).");
            }
            catch (AwsResourceNotFoundException)
            {
                Info?.Invoke($"Security group {groupId} was already gone.");
            }
        }

        /// <summary>What still uses a group, for messages: the network interfaces in it, or a note that none is visible.</summary>
        private async Task<string> DescribeUsersAsync(string groupId, CancellationToken cancellationToken)
        {
            try
            {
                var interfaces = await Ec2.DescribeNetworkInterfacesAsync(Ec2Query.Where(new Ec2Filter("group-id", groupId)), cancellationToken).ConfigureAwait(false);
                if (interfaces.Count == 0) return "EC2 reports a dependent object; no network interface in the group is visible yet";
                int lambda = interfaces.Count(i => (i.Description ?? "").StartsWith(LambdaInterfacePrefix, StringComparison.Ordinal));
                var ids = string.Join(", ", interfaces.Take(5).Select(i => i.NetworkInterfaceId)) + (interfaces.Count > 5 ? ", ..." : "");
                return $"{interfaces.Count} network interface(s){(lambda > 0 ? $", {lambda} of them Lambda's" : "")}: {ids}";
            }
            catch (AwsServiceException e)
            {
                return "EC2 reports a dependent object (" + e.ErrorCode + " listing network interfaces)";
            }
        }

        // ------------------------------------------------------------------ shapes

        internal AlonzoSecurityGroup ToGroup(Ec2SecurityGroup group) => new AlonzoSecurityGroup
        {
            GroupId = group.GroupId,
            GroupName = group.GroupName,
            VpcId = group.VpcId,
            Description = group.Description,
            OwnerId = group.OwnerId,
            Region = _context.Region,
            IngressRules = group.Ingress.SelectMany(DescribeRule).ToList(),
            Tags = new Dictionary<string, string>(group.Tags ?? new Dictionary<string, string>(), StringComparer.Ordinal),
            Action = ResourceAction.None,
        };

        /// <summary>One line per source of a rule: "tcp 5432 from sg-0123", "all from 10.0.0.0/16".</summary>
        public static IEnumerable<string> DescribeRule(Ec2IpPermission permission)
        {
            string what = Ports(permission);
            foreach (var g in permission.Groups) yield return $"{what} from {g.GroupId}";
            foreach (var r in permission.Ipv4Ranges) yield return $"{what} from {r.Cidr}";
            foreach (var r in permission.Ipv6Ranges) yield return $"{what} from {r.Cidr}";
            foreach (var p in permission.PrefixLists) yield return $"{what} from {p.PrefixListId}";
        }

        internal static string Ports(Ec2IpPermission permission)
        {
            if (permission.IpProtocol == "-1") return "all";
            string protocol = permission.IpProtocol;
            if (permission.FromPort == null || (permission.FromPort == -1 && permission.ToPort == -1)) return protocol;
            if (permission.FromPort == permission.ToPort) return $"{protocol} {permission.FromPort}";
            if (permission.FromPort == 0 && permission.ToPort == 65535) return $"{protocol} all ports";
            return $"{protocol} {permission.FromPort}-{permission.ToPort}";
        }

        internal static string Minutes(TimeSpan time) =>
            time.TotalMinutes >= 1 ? $"{time.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture)} min" : $"{time.TotalSeconds:0} s";
    }
}
