#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Aws.Runtime;
using Alonzo.Aws.Sdk;
using Amazon.EC2;
using Amazon.EC2.Internal;
using Amazon.EC2.Model;
using Amazon.Runtime;

namespace Alonzo.Aws.Ec2
{
    /// <summary>EC2 through AWSSDK.EC2, configured and observed like Alonzo's own clients (see <see cref="AwsSdkClientFactory"/>).</summary>
    internal sealed class Ec2Client : IEc2Client, IDisposable
    {
        private readonly ObservedEc2Client _sdk;
        private readonly SdkClientSettings _settings;

        private Ec2Client(ObservedEc2Client sdk, SdkClientSettings settings)
        {
            _sdk = sdk;
            _settings = settings;
        }

        internal static Ec2Client Create(SdkClientSettings settings)
        {
            var config = new AmazonEC2Config();
            settings.Apply(config);
            var sdk = new ObservedEc2Client(settings.Session.Credentials, config);
            sdk.Observe(settings);
            return new Ec2Client(sdk, settings);
        }

        /// <summary>Items per Describe* page when no ids are given (EC2 allows 5 to 1000; route tables 5 to 100).</summary>
        internal int PageSize { get; set; } = 1000;

        public Task<IReadOnlyList<Ec2Vpc>> DescribeVpcsAsync(Ec2Query query, CancellationToken cancellationToken) =>
            DescribeAsync("DescribeVpcs", query, 1000, async (token, size, ct) =>
            {
                var reply = await _sdk.DescribeVpcsAsync(new DescribeVpcsRequest
                {
                    VpcIds = Ids(query), Filters = Filters(query), NextToken = token, MaxResults = size,
                }, ct).ConfigureAwait(false);
                return (reply.Vpcs?.Select(v => new Ec2Vpc
                {
                    VpcId = v.VpcId, CidrBlock = v.CidrBlock, IsDefault = v.IsDefault ?? false, State = v.State?.Value, OwnerId = v.OwnerId, Tags = Tags(v.Tags),
                }), reply.NextToken);
            }, cancellationToken);

        public Task<IReadOnlyList<Ec2Subnet>> DescribeSubnetsAsync(Ec2Query query, CancellationToken cancellationToken) =>
            DescribeAsync("DescribeSubnets", query, 1000, async (token, size, ct) =>
            {
                var reply = await _sdk.DescribeSubnetsAsync(new DescribeSubnetsRequest
                {
                    SubnetIds = Ids(query), Filters = Filters(query), NextToken = token, MaxResults = size,
                }, ct).ConfigureAwait(false);
                return (reply.Subnets?.Select(s => new Ec2Subnet
                {
                    SubnetId = s.SubnetId, VpcId = s.VpcId, AvailabilityZone = s.AvailabilityZone, AvailabilityZoneId = s.AvailabilityZoneId,
                    CidrBlock = s.CidrBlock, AvailableIpAddressCount = s.AvailableIpAddressCount, State = s.State?.Value,
                    DefaultForAz = s.DefaultForAz ?? false, MapPublicIpOnLaunch = s.MapPublicIpOnLaunch ?? false, Tags = Tags(s.Tags),
                }), reply.NextToken);
            }, cancellationToken);

        public Task<IReadOnlyList<Ec2SecurityGroup>> DescribeSecurityGroupsAsync(Ec2Query query, CancellationToken cancellationToken) =>
            DescribeAsync("DescribeSecurityGroups", query, 1000, async (token, size, ct) =>
            {
                var reply = await _sdk.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest
                {
                    GroupIds = Ids(query), Filters = Filters(query), NextToken = token, MaxResults = size,
                }, ct).ConfigureAwait(false);
                return (reply.SecurityGroups?.Select(g => new Ec2SecurityGroup
                {
                    GroupId = g.GroupId, GroupName = g.GroupName, Description = g.Description, VpcId = g.VpcId, OwnerId = g.OwnerId,
                    Ingress = FromSdk(g.IpPermissions), Egress = FromSdk(g.IpPermissionsEgress), Tags = Tags(g.Tags),
                }), reply.NextToken);
            }, cancellationToken);

        public Task<IReadOnlyList<Ec2RouteTable>> DescribeRouteTablesAsync(Ec2Query query, CancellationToken cancellationToken) =>
            DescribeAsync("DescribeRouteTables", query, 100, async (token, size, ct) =>
            {
                var reply = await _sdk.DescribeRouteTablesAsync(new DescribeRouteTablesRequest
                {
                    RouteTableIds = Ids(query), Filters = Filters(query), NextToken = token, MaxResults = size,
                }, ct).ConfigureAwait(false);
                return (reply.RouteTables?.Select(t => new Ec2RouteTable
                {
                    RouteTableId = t.RouteTableId,
                    VpcId = t.VpcId,
                    Associations = (t.Associations ?? new List<RouteTableAssociation>()).Select(a => new Ec2RouteTableAssociation
                    {
                        RouteTableAssociationId = a.RouteTableAssociationId, Main = a.Main ?? false, SubnetId = a.SubnetId, GatewayId = a.GatewayId,
                    }).ToList(),
                    Routes = (t.Routes ?? new List<Route>()).Select(r => new Ec2Route
                    {
                        DestinationCidrBlock = r.DestinationCidrBlock, DestinationIpv6CidrBlock = r.DestinationIpv6CidrBlock,
                        DestinationPrefixListId = r.DestinationPrefixListId, GatewayId = r.GatewayId, NatGatewayId = r.NatGatewayId,
                        TransitGatewayId = r.TransitGatewayId, VpcPeeringConnectionId = r.VpcPeeringConnectionId,
                        NetworkInterfaceId = r.NetworkInterfaceId, InstanceId = r.InstanceId,
                        EgressOnlyInternetGatewayId = r.EgressOnlyInternetGatewayId, State = r.State?.Value,
                    }).ToList(),
                    Tags = Tags(t.Tags),
                }), reply.NextToken);
            }, cancellationToken);

        public Task<IReadOnlyList<Ec2NetworkInterface>> DescribeNetworkInterfacesAsync(Ec2Query query, CancellationToken cancellationToken) =>
            DescribeAsync("DescribeNetworkInterfaces", query, 1000, async (token, size, ct) =>
            {
                var reply = await _sdk.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest
                {
                    NetworkInterfaceIds = Ids(query), Filters = Filters(query), NextToken = token, MaxResults = size,
                }, ct).ConfigureAwait(false);
                return (reply.NetworkInterfaces?.Select(n => new Ec2NetworkInterface
                {
                    NetworkInterfaceId = n.NetworkInterfaceId, Status = n.Status?.Value, Description = n.Description,
                    InterfaceType = n.InterfaceType?.Value, SubnetId = n.SubnetId, VpcId = n.VpcId, PrivateIpAddress = n.PrivateIpAddress,
                    RequesterId = n.RequesterId, RequesterManaged = n.RequesterManaged ?? false,
                    GroupIds = (n.Groups ?? new List<GroupIdentifier>()).Select(g => g.GroupId).ToList(),
                    AttachmentId = n.Attachment?.AttachmentId, AttachmentStatus = n.Attachment?.Status?.Value, Tags = Tags(n.TagSet),
                }), reply.NextToken);
            }, cancellationToken);

        public Task<string> CreateSecurityGroupAsync(Ec2CreateSecurityGroupRequest request, CancellationToken cancellationToken) =>
            SdkCall.RunAsync(_settings, "CreateSecurityGroup", true, async ct =>
            {
                var reply = await _sdk.CreateSecurityGroupAsync(new CreateSecurityGroupRequest
                {
                    GroupName = request.GroupName,
                    Description = request.Description,
                    VpcId = request.VpcId,
                    TagSpecifications = request.Tags.Count == 0
                        ? null
                        : new List<TagSpecification> { new TagSpecification { ResourceType = ResourceType.SecurityGroup, Tags = SdkTags(request.Tags) } },
                }, ct).ConfigureAwait(false);
                return reply.GroupId;
            }, cancellationToken);

        public Task DeleteSecurityGroupAsync(string groupId, CancellationToken cancellationToken) =>
            SdkCall.RunAsync(_settings, "DeleteSecurityGroup", true,
                ct => _sdk.DeleteSecurityGroupAsync(new DeleteSecurityGroupRequest { GroupId = groupId }, ct), cancellationToken);

        public Task<IReadOnlyList<string>> AuthorizeSecurityGroupIngressAsync(string groupId, IReadOnlyList<Ec2IpPermission> permissions, CancellationToken cancellationToken) =>
            SdkCall.RunAsync<IReadOnlyList<string>>(_settings, "AuthorizeSecurityGroupIngress", true, async ct =>
            {
                var reply = await _sdk.AuthorizeSecurityGroupIngressAsync(new AuthorizeSecurityGroupIngressRequest
                {
                    GroupId = groupId, IpPermissions = ToSdk(permissions),
                }, ct).ConfigureAwait(false);
                return (reply.SecurityGroupRules ?? new List<SecurityGroupRule>()).Select(r => r.SecurityGroupRuleId).ToList();
            }, cancellationToken);

        public Task<IReadOnlyList<Ec2IpPermission>> RevokeSecurityGroupIngressAsync(string groupId, IReadOnlyList<Ec2IpPermission> permissions, CancellationToken cancellationToken) =>
            SdkCall.RunAsync<IReadOnlyList<Ec2IpPermission>>(_settings, "RevokeSecurityGroupIngress", true, async ct =>
            {
                var reply = await _sdk.RevokeSecurityGroupIngressAsync(new RevokeSecurityGroupIngressRequest
                {
                    GroupId = groupId, IpPermissions = ToSdk(permissions),
                }, ct).ConfigureAwait(false);
                return FromSdk(reply.UnknownIpPermissions);
            }, cancellationToken);

        public Task CreateTagsAsync(IReadOnlyList<string> resourceIds, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken) =>
            SdkCall.RunAsync(_settings, "CreateTags", true,
                ct => _sdk.CreateTagsAsync(new CreateTagsRequest { Resources = resourceIds.ToList(), Tags = SdkTags(tags) }, ct), cancellationToken);

        /// <summary>
        /// Every page of a Describe* call. EC2 refuses MaxResults together with explicit ids, and lists by
        /// ids are short, so only an unrestricted or filtered listing is paged.
        /// </summary>
        private async Task<IReadOnlyList<T>> DescribeAsync<T>(string operation, Ec2Query query, int maxPageSize,
            Func<string?, int?, CancellationToken, Task<(IEnumerable<T>? Items, string? Next)>> page, CancellationToken cancellationToken)
        {
            query = query ?? new Ec2Query();
            int? size = query.Ids.Count == 0 ? Math.Max(5, Math.Min(PageSize, maxPageSize)) : (int?)null;
            return await Paginator.AllAsync<T>("EC2 " + operation,
                (token, ct) => SdkCall.RunAsync(_settings, operation, false, c => page(token, size, c), ct),
                cancellationToken).ConfigureAwait(false);
        }

        private static List<string>? Ids(Ec2Query query) => query.Ids.Count == 0 ? null : query.Ids.ToList();

        private static List<Filter>? Filters(Ec2Query query) =>
            query.Filters.Count == 0 ? null : query.Filters.Select(f => new Filter { Name = f.Name, Values = f.Values.ToList() }).ToList();

        private static Dictionary<string, string> Tags(List<Tag>? tags)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var t in tags ?? new List<Tag>()) result[t.Key] = t.Value ?? "";
            return result;
        }

        private static List<Tag> SdkTags(IEnumerable<KeyValuePair<string, string>> tags) =>
            tags.Select(t => new Tag { Key = t.Key, Value = t.Value }).ToList();

        private static List<Ec2IpPermission> FromSdk(List<IpPermission>? permissions) =>
            (permissions ?? new List<IpPermission>()).Select(p => new Ec2IpPermission
            {
                IpProtocol = p.IpProtocol,
                FromPort = p.FromPort,
                ToPort = p.ToPort,
                Ipv4Ranges = (p.Ipv4Ranges ?? new List<IpRange>()).Select(r => new Ec2IpRange(r.CidrIp, r.Description)).ToList(),
                Ipv6Ranges = (p.Ipv6Ranges ?? new List<Ipv6Range>()).Select(r => new Ec2IpRange(r.CidrIpv6, r.Description)).ToList(),
                Groups = (p.UserIdGroupPairs ?? new List<UserIdGroupPair>()).Select(g => new Ec2GroupReference(g.GroupId, g.Description) { UserId = g.UserId }).ToList(),
                PrefixLists = (p.PrefixListIds ?? new List<PrefixListId>()).Select(l => new Ec2PrefixListReference { PrefixListId = l.Id, Description = l.Description }).ToList(),
            }).ToList();

        private static List<IpPermission> ToSdk(IEnumerable<Ec2IpPermission> permissions) =>
            permissions.Select(p => new IpPermission
            {
                IpProtocol = p.IpProtocol,
                FromPort = p.FromPort,
                ToPort = p.ToPort,
                Ipv4Ranges = p.Ipv4Ranges.Count == 0 ? null : p.Ipv4Ranges.Select(r => new IpRange { CidrIp = r.Cidr, Description = r.Description }).ToList(),
                Ipv6Ranges = p.Ipv6Ranges.Count == 0 ? null : p.Ipv6Ranges.Select(r => new Ipv6Range { CidrIpv6 = r.Cidr, Description = r.Description }).ToList(),
                UserIdGroupPairs = p.Groups.Count == 0 ? null : p.Groups.Select(g => new UserIdGroupPair { GroupId = g.GroupId, UserId = g.UserId, Description = g.Description }).ToList(),
                PrefixListIds = p.PrefixLists.Count == 0 ? null : p.PrefixLists.Select(l => new PrefixListId { Id = l.PrefixListId, Description = l.Description }).ToList(),
            }).ToList();

        public void Dispose() => _sdk.Dispose();

        /// <summary>The SDK client with Alonzo's call events and retry waits in its pipeline.</summary>
        private sealed class ObservedEc2Client : AmazonEC2Client
        {
            public ObservedEc2Client(AWSCredentials credentials, AmazonEC2Config config) : base(credentials, config)
            {
            }

            public void Observe(SdkClientSettings settings) =>
                SdkPipeline.Install(RuntimePipeline, Config, settings, () => new StandardRetry(Config, settings), () => new AdaptiveRetry(Config, settings));
        }

        // EC2's own policies decide what is retried; the wait is Alonzo's.
        private sealed class StandardRetry : EC2StandardRetryPolicy
        {
            private readonly SdkClientSettings _settings;
            public StandardRetry(IClientConfig config, SdkClientSettings settings) : base(config) { _settings = settings; }
            public override Task WaitBeforeRetryAsync(IExecutionContext executionContext) => SdkPipeline.WaitAsync(_settings, executionContext);
            public override void WaitBeforeRetry(IExecutionContext executionContext) => SdkPipeline.Wait(_settings, executionContext);
        }

        private sealed class AdaptiveRetry : EC2AdaptiveRetryPolicy
        {
            private readonly SdkClientSettings _settings;
            public AdaptiveRetry(IClientConfig config, SdkClientSettings settings) : base(config) { _settings = settings; }
            public override Task WaitBeforeRetryAsync(IExecutionContext executionContext) => SdkPipeline.WaitAsync(_settings, executionContext);
            public override void WaitBeforeRetry(IExecutionContext executionContext) => SdkPipeline.Wait(_settings, executionContext);
        }
    }
}
