#nullable enable
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Alonzo.Aws.Ec2
{
    /// <summary>
    /// The EC2 operations Alonzo's networking uses (VPC placement, security groups, network access).
    /// Describe* calls return every page. Served by AWSSDK.EC2 through <see cref="Sdk.AwsSdkClientFactory"/>;
    /// failures are Alonzo's exceptions: InvalidGroup.NotFound and the like are
    /// <see cref="Runtime.AwsResourceNotFoundException"/>, InvalidPermission.Duplicate and DependencyViolation
    /// <see cref="Runtime.AwsConflictException"/>, RequestLimitExceeded (after retries) <see cref="Runtime.AwsThrottlingException"/>.
    /// </summary>
    public interface IEc2Client
    {
        Task<IReadOnlyList<Ec2Vpc>> DescribeVpcsAsync(Ec2Query query, CancellationToken cancellationToken);
        Task<IReadOnlyList<Ec2Subnet>> DescribeSubnetsAsync(Ec2Query query, CancellationToken cancellationToken);
        Task<IReadOnlyList<Ec2SecurityGroup>> DescribeSecurityGroupsAsync(Ec2Query query, CancellationToken cancellationToken);
        Task<IReadOnlyList<Ec2RouteTable>> DescribeRouteTablesAsync(Ec2Query query, CancellationToken cancellationToken);
        Task<IReadOnlyList<Ec2NetworkInterface>> DescribeNetworkInterfacesAsync(Ec2Query query, CancellationToken cancellationToken);

        /// <summary>CreateSecurityGroup; returns the new group's id.</summary>
        Task<string> CreateSecurityGroupAsync(Ec2CreateSecurityGroupRequest request, CancellationToken cancellationToken);
        Task DeleteSecurityGroupAsync(string groupId, CancellationToken cancellationToken);

        /// <summary>AuthorizeSecurityGroupIngress; returns the ids of the rules created.</summary>
        Task<IReadOnlyList<string>> AuthorizeSecurityGroupIngressAsync(string groupId, IReadOnlyList<Ec2IpPermission> permissions, CancellationToken cancellationToken);

        /// <summary>RevokeSecurityGroupIngress; returns the permissions the group did not have (EC2's UnknownIpPermissions), empty when all were revoked.</summary>
        Task<IReadOnlyList<Ec2IpPermission>> RevokeSecurityGroupIngressAsync(string groupId, IReadOnlyList<Ec2IpPermission> permissions, CancellationToken cancellationToken);

        Task CreateTagsAsync(IReadOnlyList<string> resourceIds, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken);
    }
}
