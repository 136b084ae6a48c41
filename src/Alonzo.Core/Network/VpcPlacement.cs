using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Aws.Ec2;
using Alonzo.Sessions;
using Alonzo.Validation;

namespace Alonzo.Network
{
    /// <summary>
    /// Where a function's network interfaces go: subnets and security groups of one VPC, or no VPC
    /// (both lists empty). Compared as sets: order and repeats do not matter.
    /// </summary>
    public sealed class FunctionVpcSpec
    {
        // Lambda's model: SubnetIds max 16, SecurityGroupIds max 5 (checked by the ServiceModel tests).
        public const int MaxSubnets = 16;
        public const int MaxSecurityGroups = 5;

        public List<string> SubnetIds { get; set; } = new List<string>();
        public List<string> SecurityGroupIds { get; set; } = new List<string>();

        /// <summary>Takes the function out of its VPC.</summary>
        public static FunctionVpcSpec None => new FunctionVpcSpec();

        public bool IsNone => SubnetIds.Count == 0 && SecurityGroupIds.Count == 0;

        public void Validate()
        {
            SubnetIds = NetworkRules.Distinct(SubnetIds);
            SecurityGroupIds = NetworkRules.Distinct(SecurityGroupIds);
            if (SubnetIds.Count == 0 != (SecurityGroupIds.Count == 0))
                throw new AlonzoValidationException("IncompleteVpcConfig", SubnetIds.Count == 0 ? "SubnetId" : "SecurityGroupId",
                    SubnetIds.Count == 0 ? string.Join(",", SecurityGroupIds) : string.Join(",", SubnetIds),
                    SubnetIds.Count == 0
                        ? "-SecurityGroupId was given without -SubnetId: Lambda needs both (\"SubnetIds and SecurityIds must coexist\"). Add -SubnetId, or use -NoVpc to take the function out of its VPC."
                        : "-SubnetId was given without -SecurityGroupId: Lambda needs both (\"SubnetIds and SecurityIds must coexist\"). Add -SecurityGroupId (New-AlonzoSecurityGroup makes one).");
            if (SubnetIds.Count > MaxSubnets)
                throw new AlonzoValidationException("TooManySubnets", "SubnetId", SubnetIds[MaxSubnets],
                    $"-SubnetId: {SubnetIds.Count} subnets given; a function can use at most {MaxSubnets} (the first one over is {SubnetIds[MaxSubnets]}).");
            if (SecurityGroupIds.Count > MaxSecurityGroups)
                throw new AlonzoValidationException("TooManySecurityGroups", "SecurityGroupId", SecurityGroupIds[MaxSecurityGroups],
                    $"-SecurityGroupId: {SecurityGroupIds.Count} security groups given; a function can use at most {MaxSecurityGroups} (the first one over is {SecurityGroupIds[MaxSecurityGroups]}).");
            foreach (var id in SubnetIds) NetworkRules.SubnetId(id);
            foreach (var id in SecurityGroupIds) NetworkRules.GroupId(id, "SecurityGroupId");
        }

        /// <summary>"subnet-a, subnet-b; sg-c", sorted, or "(none)".</summary>
        public override string ToString() => Describe(SubnetIds, SecurityGroupIds);

        public static string Describe(IEnumerable<string> subnets, IEnumerable<string> groups)
        {
            var s = (subnets ?? Enumerable.Empty<string>()).OrderBy(x => x, StringComparer.Ordinal).ToList();
            var g = (groups ?? Enumerable.Empty<string>()).OrderBy(x => x, StringComparer.Ordinal).ToList();
            return s.Count == 0 && g.Count == 0 ? "(none)" : $"subnets {string.Join(", ", s)}; groups {string.Join(", ", g)}";
        }

        public static bool SameSets(IEnumerable<string> a, IEnumerable<string> b) =>
            new HashSet<string>(a ?? Enumerable.Empty<string>(), StringComparer.Ordinal).SetEquals(b ?? Enumerable.Empty<string>());
    }

    /// <summary>What the EC2 checks of a placement found.</summary>
    public sealed class VpcPlacementCheck
    {
        public string VpcId { get; set; }
        /// <summary>Subnets whose route table (their own, else the VPC's main one) sends 0.0.0.0/0 to a NAT gateway.</summary>
        public List<string> SubnetsWithNat { get; set; } = new List<string>();
        public bool CanReachOutside => SubnetsWithNat.Count > 0;
    }

    /// <summary>
    /// The checks a careful operator makes before placing a function in a VPC: every subnet and group
    /// exists, all in one VPC, whether any subnet has a NAT route, and whether the execution role may
    /// manage network interfaces. Read calls only.
    /// </summary>
    public sealed class VpcPlacement
    {
        public const string VpcAccessPolicyArn = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole";
        private const string EniManagementPolicyArn = "arn:aws:iam::aws:policy/service-role/AWSLambdaENIManagementAccess";
        /// <summary>What Lambda calls with the execution role to manage a function's interfaces (AWSLambdaVPCAccessExecutionRole).</summary>
        public static readonly IReadOnlyList<string> InterfaceActions = new[]
        {
            "ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface",
        };

        private readonly AlonzoContext _context;

        public VpcPlacement(AlonzoContext context)
        {
            _context = context ?? throw new ArgumentNullException(nameof(context));
        }

        /// <summary>Fails with a clear error naming the offending id; returns the VPC and the NAT finding.</summary>
        public async Task<VpcPlacementCheck> CheckAsync(FunctionVpcSpec spec, CancellationToken cancellationToken)
        {
            spec.Validate();
            var ec2 = _context.Ec2;
            var subnets = await ec2.DescribeSubnetsAsync(Ec2Query.Where(new Ec2Filter("subnet-id", spec.SubnetIds.ToArray())), cancellationToken).ConfigureAwait(false);
            var missingSubnet = spec.SubnetIds.FirstOrDefault(id => subnets.All(s => s.SubnetId != id));
            if (missingSubnet != null)
                throw new AlonzoOperationException("SubnetNotFound", FailureKind.ObjectNotFound,
                    $"No subnet '{missingSubnet}' in region {_context.Region}.",
                    "Check the id with 'aws ec2 describe-subnets', or the region with -Region.");
            var groups = await ec2.DescribeSecurityGroupsAsync(Ec2Query.Where(new Ec2Filter("group-id", spec.SecurityGroupIds.ToArray())), cancellationToken).ConfigureAwait(false);
            var missingGroup = spec.SecurityGroupIds.FirstOrDefault(id => groups.All(g => g.GroupId != id));
            if (missingGroup != null)
                throw new AlonzoOperationException("SecurityGroupNotFound", FailureKind.ObjectNotFound,
                    $"No security group '{missingGroup}' in region {_context.Region}.",
                    "Check the id with Get-AlonzoSecurityGroup, or create the group with New-AlonzoSecurityGroup.");

            string vpc = subnets.First(s => s.SubnetId == spec.SubnetIds[0]).VpcId;
            foreach (var id in spec.SubnetIds)
            {
                var other = subnets.First(s => s.SubnetId == id).VpcId;
                if (other != vpc)
                    throw new AlonzoOperationException("VpcMismatch", FailureKind.InvalidArgument,
                        $"Subnet '{id}' is in {other}, but subnet '{spec.SubnetIds[0]}' is in {vpc}: a function's subnets and security groups must all be in one VPC.",
                        "Give subnets and groups of one VPC.");
            }
            foreach (var id in spec.SecurityGroupIds)
            {
                var other = groups.First(g => g.GroupId == id).VpcId;
                if (other != vpc)
                    throw new AlonzoOperationException("VpcMismatch", FailureKind.InvalidArgument,
                        $"Security group '{id}' is in {other ?? "no VPC"}, but the subnets are in {vpc}: a function's subnets and security groups must all be in one VPC.",
                        "Give groups of the subnets' VPC (New-AlonzoSecurityGroup -VpcId makes one).");
            }

            var check = new VpcPlacementCheck { VpcId = vpc };
            var tables = await ec2.DescribeRouteTablesAsync(Ec2Query.Where(new Ec2Filter("vpc-id", vpc)), cancellationToken).ConfigureAwait(false);
            var main = tables.FirstOrDefault(t => t.Associations.Any(a => a.Main));
            foreach (var id in spec.SubnetIds)
            {
                var table = tables.FirstOrDefault(t => t.Associations.Any(a => a.SubnetId == id)) ?? main;
                bool nat = table != null && table.Routes.Any(r => r.DestinationCidrBlock == "0.0.0.0/0" &&
                    !string.IsNullOrEmpty(r.NatGatewayId) && r.State != "blackhole");
                if (nat) check.SubnetsWithNat.Add(id);
            }
            return check;
        }

        /// <summary>
        /// True when the role may create, describe and delete network interfaces: an AWS managed policy
        /// that grants it (AWSLambdaVPCAccessExecutionRole, AWSLambdaENIManagementAccess) is attached, or its
        /// inline policies allow all three actions on every resource without conditions. Customer managed
        /// policies are not read: a role that relies on one counts as lacking the permissions.
        /// </summary>
        public async Task<bool> RoleCanManageInterfacesAsync(string roleName, CancellationToken cancellationToken)
        {
            var iam = _context.Iam;
            var roles = new Roles.RoleOperations(_context);
            var attached = await roles.ListAttachedPolicyArnsAsync(roleName, cancellationToken).ConfigureAwait(false);
            if (attached.Any(arn => arn == VpcAccessPolicyArn || arn == EniManagementPolicyArn)) return true;
            var inline = await roles.ListInlinePolicyNamesAsync(roleName, cancellationToken).ConfigureAwait(false);
            var allowed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var name in inline)
            {
                var policy = await iam.GetRolePolicyAsync(roleName, name, cancellationToken).ConfigureAwait(false);
                foreach (var action in InterfaceActions)
                    if (Allows(policy.PolicyDocument, action)) allowed.Add(action);
            }
            return InterfaceActions.All(allowed.Contains);
        }

        /// <summary>True when a statement of the document allows the action on every resource ("*"), honouring IAM's wildcards in actions.</summary>
        public static bool Allows(string document, string action)
        {
            if (string.IsNullOrEmpty(document)) return false;
            try
            {
                using (var json = JsonDocument.Parse(document))
                {
                    if (!json.RootElement.TryGetProperty("Statement", out var statements)) return false;
                    var list = statements.ValueKind == JsonValueKind.Array ? statements.EnumerateArray().ToList() : new List<JsonElement> { statements };
                    foreach (var s in list)
                    {
                        if (!s.TryGetProperty("Effect", out var effect) || effect.GetString() != "Allow") continue;
                        if (!s.TryGetProperty("Action", out var actions)) continue;
                        if (s.TryGetProperty("Condition", out _)) continue;
                        if (!Strings(s, "Resource").Contains("*")) continue;
                        if (Strings(s, "Action").Any(a => Matches(a, action))) return true;
                    }
                }
            }
            catch (JsonException)
            {
                return false;
            }
            return false;
        }

        private static List<string> Strings(JsonElement statement, string name)
        {
            if (!statement.TryGetProperty(name, out var value)) return new List<string>();
            return value.ValueKind == JsonValueKind.Array
                ? value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()).ToList()
                : value.ValueKind == JsonValueKind.String ? new List<string> { value.GetString() } : new List<string>();
        }

        private static bool Matches(string pattern, string action) =>
            System.Text.RegularExpressions.Regex.IsMatch(action,
                "^" + System.Text.RegularExpressions.Regex.Escape(pattern).Replace("\\*", ".*").Replace("\\?", ".") + "$",
                System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);
    }
}
