using System.Collections.Generic;
using System.Linq;
using Alonzo.Aws.Ec2;
using Alonzo.Network;
using Alonzo.Validation;
using Xunit;

namespace Alonzo.Tests.Network
{
    /// <summary>The checks made before any EC2 or Lambda call, and how policies and rules are read.</summary>
    public sealed class VpcRulesTests
    {
        [Fact]
        public void Both_or_neither_counts_and_id_formats_are_checked_with_the_offending_id()
        {
            var onlySubnets = new FunctionVpcSpec { SubnetIds = { "subnet-0123456789abcdef0" } };
            Assert.Equal("IncompleteVpcConfig", Assert.Throws<AlonzoValidationException>(() => onlySubnets.Validate()).ErrorId);

            var many = new FunctionVpcSpec { SecurityGroupIds = { "sg-00000001" } };
            many.SubnetIds.AddRange(Enumerable.Range(1, 17).Select(i => $"subnet-{i:x8}"));
            var tooMany = Assert.Throws<AlonzoValidationException>(() => many.Validate());
            Assert.Equal("TooManySubnets", tooMany.ErrorId);
            Assert.Equal("subnet-00000011", tooMany.Value);

            var groups = new FunctionVpcSpec { SubnetIds = { "subnet-00000001" } };
            groups.SecurityGroupIds.AddRange(Enumerable.Range(1, 6).Select(i => $"sg-{i:x8}"));
            Assert.Equal("TooManySecurityGroups", Assert.Throws<AlonzoValidationException>(() => groups.Validate()).ErrorId);

            var bad = new FunctionVpcSpec { SubnetIds = { "subnet-XYZ" }, SecurityGroupIds = { "sg-00000001" } };
            Assert.Equal("subnet-XYZ", Assert.Throws<AlonzoValidationException>(() => bad.Validate()).Value);

            // Repeats are one id: 16 distinct subnets given twice each are within the limit.
            var repeated = new FunctionVpcSpec { SecurityGroupIds = { "sg-00000001", "sg-00000001" } };
            repeated.SubnetIds.AddRange(Enumerable.Range(1, 16).SelectMany(i => new[] { $"subnet-{i:x8}", $"subnet-{i:x8}" }));
            repeated.Validate();
            Assert.Equal(16, repeated.SubnetIds.Count);
            Assert.Single(repeated.SecurityGroupIds);
            Assert.True(FunctionVpcSpec.None.IsNone);
            FunctionVpcSpec.None.Validate();
        }

        [Fact]
        public void Sets_compare_without_order_or_repeats()
        {
            Assert.True(FunctionVpcSpec.SameSets(new[] { "a", "b" }, new[] { "b", "a", "a" }));
            Assert.False(FunctionVpcSpec.SameSets(new[] { "a" }, new[] { "a", "b" }));
            Assert.True(FunctionVpcSpec.SameSets(null, new string[0]));
            Assert.Equal("subnets s-1, s-2; groups g-1", FunctionVpcSpec.Describe(new[] { "s-2", "s-1" }, new[] { "g-1" }));
            Assert.Equal("(none)", FunctionVpcSpec.Describe(null, null));
        }

        [Theory]
        [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ec2:*\",\"Resource\":\"*\"}]}", true)]
        [InlineData("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":[\"EC2:CreateNetworkInterface\"],\"Resource\":[\"*\"]}}", true)]
        [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ec2:Create*Interface\",\"Resource\":\"*\"}]}", true)]
        [InlineData("{\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"ec2:*\",\"Resource\":\"*\"}]}", false)]
        [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ec2:CreateNetworkInterface\",\"Resource\":\"arn:aws:ec2:*:*:subnet/subnet-1\"}]}", false)]
        [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ec2:CreateNetworkInterface\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"ec2:Vpc\":\"x\"}}}]}", false)]
        [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ec2:DescribeNetworkInterfaces\",\"Resource\":\"*\"}]}", false)]
        [InlineData("not json", false)]
        public void A_policy_allows_creating_network_interfaces_only_unconditionally_on_every_resource(string document, bool allowed)
        {
            Assert.Equal(allowed, VpcPlacement.Allows(document, "ec2:CreateNetworkInterface"));
        }

        [Fact]
        public void Rules_read_one_line_per_source()
        {
            var permission = new Ec2IpPermission
            {
                IpProtocol = "tcp", FromPort = 5432, ToPort = 5432,
                Groups = new List<Ec2GroupReference> { new Ec2GroupReference("sg-0123456789abcdef0") },
                Ipv4Ranges = new List<Ec2IpRange> { new Ec2IpRange("10.0.0.0/16") },
            };
            Assert.Equal(new[] { "tcp 5432 from sg-0123456789abcdef0", "tcp 5432 from 10.0.0.0/16" }, SecurityGroupOperations.DescribeRule(permission));
            Assert.Equal(new[] { "all from 0.0.0.0/0" }, SecurityGroupOperations.DescribeRule(new Ec2IpPermission { IpProtocol = "-1", Ipv4Ranges = { new Ec2IpRange("0.0.0.0/0") } }));
            Assert.Equal(new[] { "udp 1000-2000 from 10.1.0.0/16" }, SecurityGroupOperations.DescribeRule(new Ec2IpPermission { IpProtocol = "udp", FromPort = 1000, ToPort = 2000, Ipv4Ranges = { new Ec2IpRange("10.1.0.0/16") } }));
        }

        [Theory]
        [InlineData("sg-lookalike", "InvalidSecurityGroupName")]
        [InlineData("", "InvalidSecurityGroupName")]
        [InlineData("bad\u00e9name", "InvalidSecurityGroupName")]
        public void Group_names_follow_ec2_rules(string name, string errorId)
        {
            Assert.Equal(errorId, Assert.Throws<AlonzoValidationException>(() => NetworkRules.GroupName(name)).ErrorId);
            NetworkRules.GroupName("alonzo_lambda (db) #1");
            Assert.Equal("InvalidSecurityGroupId", Assert.Throws<AlonzoValidationException>(() => NetworkRules.GroupNameOrId("sg-xyz")).ErrorId);
            NetworkRules.GroupNameOrId("sg-0123456789abcdef0");
        }
    }
}
