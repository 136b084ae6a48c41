using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Aws.Ec2;
using Alonzo.Aws.Runtime;
using Alonzo.Resources;
using Alonzo.Sessions;
using Alonzo.Validation;

namespace Alonzo.Network
{
    /// <summary>An inbound rule on <see cref="ToGroup"/> for traffic from <see cref="FromGroup"/> on one port. Groups by id or name.</summary>
    public sealed class NetworkGrantSpec
    {
        public string FromGroup { get; set; }
        public string ToGroup { get; set; }
        public int Port { get; set; }
        /// <summary>tcp or udp.</summary>
        public string Protocol { get; set; } = "tcp";

        public void Validate()
        {
            NetworkRules.GroupNameOrId(FromGroup, "FromSecurityGroup");
            NetworkRules.GroupNameOrId(ToGroup, "ToSecurityGroup");
            if (Port < 0 || Port > 65535)
                throw new AlonzoValidationException("InvalidPort", "Port", Port, $"-Port {Port} is not a port: use 0 to 65535.");
            if (Protocol != "tcp" && Protocol != "udp")
                throw new AlonzoValidationException("InvalidProtocol", "Protocol", Protocol, $"-Protocol '{Protocol}': use tcp or udp.");
        }
    }

    /// <summary>
    /// Network access between security groups through the resource contract: the rule is added when
    /// missing (InvalidPermission.Duplicate means it is already there) and revoked when present, so
    /// a second run of either changes nothing.
    /// </summary>
    public sealed class NetworkGrantOperations : IResourceOperations<NetworkGrantSpec, AlonzoNetworkGrant>
    {
        private readonly AlonzoContext _context;
        private readonly SecurityGroupOperations _groups;

        public NetworkGrantOperations(AlonzoContext context)
        {
            _context = context ?? throw new ArgumentNullException(nameof(context));
            _groups = new SecurityGroupOperations(context);
        }

        public event Action<string> Info;
        public event Action<string> Warning;

        /// <summary>Narrows groups given by name to this VPC.</summary>
        public string VpcId
        {
            get => _groups.VpcId;
            set => _groups.VpcId = value;
        }

        public ResourceKind Kind => ResourceKind.NetworkGrant;

        private sealed class GrantWork
        {
            public Ec2SecurityGroup From;
            public Ec2SecurityGroup To;
            public NetworkGrantSpec Spec;
        }

        public static string KeyName(string toGroupId, string fromGroupId, string protocol, int port) => $"{toGroupId}<-{fromGroupId}:{protocol}/{port}";

        /// <summary>Reads a grant by its key name ("sg-to&lt;-sg-from:tcp/5432"); null when the rule is not there.</summary>
        public async Task<AlonzoNetworkGrant> ReadAsync(string name, CancellationToken cancellationToken)
        {
            var spec = Parse(name);
            var plan = await PlanAsync(spec, null, cancellationToken).ConfigureAwait(false);
            return plan.Action == PlanAction.None ? (AlonzoNetworkGrant)plan.Current : null;
        }

        public async Task<ResourcePlan> PlanAsync(NetworkGrantSpec spec, ResourceScope scope, CancellationToken cancellationToken)
        {
            var work = await ResolveAsync(spec, cancellationToken).ConfigureAwait(false);
            var key = new ResourceKey(ResourceKind.NetworkGrant, KeyName(work.To.GroupId, work.From.GroupId, spec.Protocol, spec.Port));
            var grant = ToGrant(work, ResourceAction.None);
            if (Has(work))
                return new ResourcePlan(key, PlanAction.None) { Current = grant, State = work };
            var plan = new ResourcePlan(key, PlanAction.Create) { State = work };
            plan.Add(new ResourceChange(key, ChangeOperation.Create, "", null, key.Name,
                summary: $"Allow {spec.Protocol} {spec.Port} into {work.To.GroupId} ({work.To.GroupName}) from {work.From.GroupId} ({work.From.GroupName})",
                done: $"Allowed {spec.Protocol} {spec.Port} into {work.To.GroupId} from {work.From.GroupId}"));
            return plan;
        }

        public async Task<ResourcePlan> PlanRemoveAsync(string name, ResourceScope scope, CancellationToken cancellationToken) =>
            await PlanRevokeAsync(Parse(name), cancellationToken).ConfigureAwait(false);

        /// <summary>The removal of the rule a spec describes: one Delete change, or nothing when the rule is not there.</summary>
        public async Task<ResourcePlan> PlanRevokeAsync(NetworkGrantSpec spec, CancellationToken cancellationToken)
        {
            var work = await ResolveAsync(spec, cancellationToken).ConfigureAwait(false);
            var key = new ResourceKey(ResourceKind.NetworkGrant, KeyName(work.To.GroupId, work.From.GroupId, spec.Protocol, spec.Port));
            if (!Has(work)) return new ResourcePlan(key, PlanAction.None) { State = work };
            var plan = new ResourcePlan(key, PlanAction.Remove) { Current = ToGrant(work, ResourceAction.None), State = work };
            plan.Add(new ResourceChange(key, ChangeOperation.Delete, "", key.Name, null,
                summary: $"Revoke {spec.Protocol} {spec.Port} into {work.To.GroupId} ({work.To.GroupName}) from {work.From.GroupId} ({work.From.GroupName})",
                done: $"Revoked {spec.Protocol} {spec.Port} into {work.To.GroupId} from {work.From.GroupId}"));
            return plan;
        }

        public async Task<AlonzoNetworkGrant> ApplyAsync(ResourcePlan plan, ResourceScope scope, CancellationToken cancellationToken)
        {
            var work = (GrantWork)plan.State;
            var permission = Permission(work);
            switch (plan.Action)
            {
                case PlanAction.None:
                    var same = (AlonzoNetworkGrant)plan.Current;
                    if (same != null) same.Action = ResourceAction.Unchanged;
                    return same;
                case PlanAction.Create:
                    var action = ResourceAction.Created;
                    try
                    {
                        await _context.Ec2.AuthorizeSecurityGroupIngressAsync(work.To.GroupId, new[] { permission }, cancellationToken).ConfigureAwait(false);
                        Info?.Invoke($"Allowed {work.Spec.Protocol} {work.Spec.Port} into {work.To.GroupId} from {work.From.GroupId}.");
                    }
                    catch (AwsConflictException e) when (e.ErrorCode == "InvalidPermission.Duplicate")
                    {
                        Info?.Invoke($"The rule was already there (added at the same time by another caller).");
                        action = ResourceAction.Unchanged;
                    }
                    var grant = ToGrant(work, action);
                    plan.Result = grant;
                    return grant;
                case PlanAction.Remove:
                    try
                    {
                        var unknown = await _context.Ec2.RevokeSecurityGroupIngressAsync(work.To.GroupId, new[] { permission }, cancellationToken).ConfigureAwait(false);
                        Info?.Invoke(unknown.Count == 0
                            ? $"Revoked {work.Spec.Protocol} {work.Spec.Port} into {work.To.GroupId} from {work.From.GroupId}."
                            : "The rule was already gone.");
                    }
                    catch (AwsResourceNotFoundException e) when (e.ErrorCode == "InvalidPermission.NotFound")
                    {
                        Info?.Invoke("The rule was already gone.");
                    }
                    return null;
                default:
                    throw new InvalidOperationException($"A network grant plan cannot {plan.Action}.");
            }
        }

        private async Task<GrantWork> ResolveAsync(NetworkGrantSpec spec, CancellationToken cancellationToken)
        {
            spec.Validate();
            var from = await _groups.FindAsync(spec.FromGroup, cancellationToken).ConfigureAwait(false) ?? throw NotFound(spec.FromGroup, "FromSecurityGroup");
            var to = await _groups.FindAsync(spec.ToGroup, cancellationToken).ConfigureAwait(false) ?? throw NotFound(spec.ToGroup, "ToSecurityGroup");
            if (from.VpcId != to.VpcId)
                Warning?.Invoke($"Security groups {from.GroupId} ({from.VpcId}) and {to.GroupId} ({to.VpcId}) are in different VPCs: the rule only takes effect over a VPC peering connection.");
            return new GrantWork { From = from, To = to, Spec = spec };
        }

        private Exception NotFound(string group, string parameter) =>
            new AlonzoOperationException("SecurityGroupNotFound", FailureKind.ObjectNotFound,
                $"-{parameter}: no security group '{group}'{(VpcId == null ? "" : " in " + VpcId)} in region {_context.Region}.",
                "Check the name or id with Get-AlonzoSecurityGroup, or create the group with New-AlonzoSecurityGroup.");

        private static bool Has(GrantWork work) =>
            work.To.Ingress.Any(p => p.IpProtocol == work.Spec.Protocol && p.FromPort == work.Spec.Port && p.ToPort == work.Spec.Port &&
                                     p.Groups.Any(g => g.GroupId == work.From.GroupId));

        private static Ec2IpPermission Permission(GrantWork work) => new Ec2IpPermission
        {
            IpProtocol = work.Spec.Protocol,
            FromPort = work.Spec.Port,
            ToPort = work.Spec.Port,
            Groups = new List<Ec2GroupReference> { new Ec2GroupReference(work.From.GroupId) },
        };

        private static AlonzoNetworkGrant ToGrant(GrantWork work, ResourceAction action) => new AlonzoNetworkGrant
        {
            FromGroupId = work.From.GroupId,
            ToGroupId = work.To.GroupId,
            Protocol = work.Spec.Protocol,
            Port = work.Spec.Port,
            VpcId = work.To.VpcId,
            Action = action,
        };

        private static NetworkGrantSpec Parse(string name)
        {
            var m = System.Text.RegularExpressions.Regex.Match(name ?? "", @"^(?<to>[^<]+)<-(?<from>[^:]+):(?<p>tcp|udp)/(?<port>\d+)$");
            if (!m.Success)
                throw new AlonzoValidationException("InvalidNetworkGrant", "Name", name, $"'{name}' does not name a network grant: use '<to group><-<from group>:tcp/<port>'.");
            return new NetworkGrantSpec { ToGroup = m.Groups["to"].Value, FromGroup = m.Groups["from"].Value, Protocol = m.Groups["p"].Value, Port = int.Parse(m.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture) };
        }
    }
}
