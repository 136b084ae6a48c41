using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Alonzo.Validation;

namespace Alonzo.Network
{
    /// <summary>EC2's rules for the ids and names Alonzo's networking takes, checked before any call.</summary>
    public static class NetworkRules
    {
        // EC2 API reference, CreateSecurityGroup: in a VPC, up to 255 characters of a-z, A-Z, 0-9,
        // spaces and ._-:/()#,@[]+=&;{}!$*; a name cannot start with sg-.
        private static readonly Regex GroupText = new Regex(@"^[a-zA-Z0-9 ._\-:/()#,@\[\]+=&;{}!$*]+$", RegexOptions.CultureInvariant);
        private static readonly Regex VpcIdPattern = new Regex(@"^vpc-[0-9a-f]{8}([0-9a-f]{9})?$", RegexOptions.CultureInvariant);
        private static readonly Regex SubnetIdPattern = new Regex(@"^subnet-[0-9a-f]{8}([0-9a-f]{9})?$", RegexOptions.CultureInvariant);
        private static readonly Regex GroupIdPattern = new Regex(@"^sg-[0-9a-f]{8}([0-9a-f]{9})?$", RegexOptions.CultureInvariant);

        public static bool IsGroupId(string value) => value != null && GroupIdPattern.IsMatch(value);

        public static void GroupName(string name, string parameter = "Name")
        {
            if (string.IsNullOrEmpty(name) || name.Length > 255 || !GroupText.IsMatch(name))
                throw new AlonzoValidationException("InvalidSecurityGroupName", parameter, name,
                    $"-{parameter} '{name}' is not a valid security group name: use 1 to 255 letters, digits, spaces and ._-:/()#,@[]+=&;{{}}!$*.");
            if (name.StartsWith("sg-", System.StringComparison.OrdinalIgnoreCase))
                throw new AlonzoValidationException("InvalidSecurityGroupName", parameter, name,
                    $"-{parameter} '{name}': a security group name cannot start with 'sg-' (EC2 keeps that prefix for group ids).");
        }

        /// <summary>A group given by name or id (sg-...): an id is checked as an id, anything else as a name.</summary>
        public static void GroupNameOrId(string value, string parameter = "Name")
        {
            if (value != null && value.StartsWith("sg-", System.StringComparison.Ordinal))
            {
                if (!IsGroupId(value))
                    throw new AlonzoValidationException("InvalidSecurityGroupId", parameter, value,
                        $"-{parameter} '{value}' is not a security group id: ids are 'sg-' and 8 or 17 lowercase hexadecimal digits.");
                return;
            }
            GroupName(value, parameter);
        }

        public static void GroupId(string value, string parameter)
        {
            if (!IsGroupId(value))
                throw new AlonzoValidationException("InvalidSecurityGroupId", parameter, value,
                    $"-{parameter} '{value}' is not a security group id: ids are 'sg-' and 8 or 17 lowercase hexadecimal digits.");
        }

        public static void GroupDescription(string description)
        {
            if (string.IsNullOrEmpty(description) || description.Length > 255 || !GroupText.IsMatch(description))
                throw new AlonzoValidationException("InvalidSecurityGroupDescription", "Description", description,
                    "-Description must be 1 to 255 letters, digits, spaces and ._-:/()#,@[]+=&;{}!$* (EC2 refuses other characters in a VPC).");
        }

        public static void VpcId(string value, string parameter = "VpcId")
        {
            if (value == null || !VpcIdPattern.IsMatch(value))
                throw new AlonzoValidationException("InvalidVpcId", parameter, value,
                    $"-{parameter} '{value}' is not a VPC id: ids are 'vpc-' and 8 or 17 lowercase hexadecimal digits.");
        }

        public static void SubnetId(string value, string parameter = "SubnetId")
        {
            if (value == null || !SubnetIdPattern.IsMatch(value))
                throw new AlonzoValidationException("InvalidSubnetId", parameter, value,
                    $"-{parameter} '{value}' is not a subnet id: ids are 'subnet-' and 8 or 17 lowercase hexadecimal digits.");
        }

        /// <summary>The distinct ids of a list, in the order given.</summary>
        public static List<string> Distinct(IEnumerable<string> ids) =>
            ids == null ? new List<string>() : ids.Where(i => i != null).Distinct(System.StringComparer.Ordinal).ToList();
    }
}
