using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using Alonzo.Validation;

namespace Alonzo.Roles
{
    /// <summary>
    /// IAM limits and patterns from the iam 2010-05-08 model, checked before any call so that a bad
    /// name never leaves a half-made role behind. Java's \w in the model is ASCII-only, so it is spelt out.
    /// </summary>
    public static class RoleRules
    {
        // roleNameType: min 1, max 64, pattern [\w+=,.@-]+
        public const int RoleNameMax = 64;
        // policyNameType: min 1, max 128, pattern [\w+=,.@-]+
        public const int PolicyNameMax = 128;
        // roleDescriptionType: max 1000, pattern [\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*
        public const int DescriptionMax = 1000;

        private static readonly Regex NamePattern = new Regex(@"^[a-zA-Z0-9_+=,.@-]+$", RegexOptions.CultureInvariant);
        private static readonly Regex DescriptionPattern = new Regex(@"^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$", RegexOptions.CultureInvariant);
        // A managed policy: arn:<partition>:iam::<aws|account>:policy/<optional path/><name>.
        private static readonly Regex PolicyArnPattern = new Regex(@"^arn:aws[a-z-]*:iam::(aws|\d{12}):policy/([\u0021-\u007E]*/)?[a-zA-Z0-9_+=,.@-]{1,128}$", RegexOptions.CultureInvariant);
        private static readonly Regex RoleArnPattern = new Regex(@"^arn:aws[a-z-]*:iam::\d{12}:role/([\u0021-\u007E]*/)?(?<name>[a-zA-Z0-9_+=,.@-]{1,64})$", RegexOptions.CultureInvariant);
        // Service principals look like lambda.amazonaws.com (or a China partition host).
        private static readonly Regex ServicePrincipalPattern = new Regex(@"^[a-z0-9][a-z0-9.-]*\.(amazonaws\.com(\.cn)?|amazon\.com)$", RegexOptions.CultureInvariant);
        // tagKeyType / tagValueType: [\p{L}\p{Z}\p{N}_.:/=+\-@]+ and ...*
        private static readonly Regex TagPattern = new Regex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$", RegexOptions.CultureInvariant);

        public static void RoleName(string value, string parameterName = "Name")
        {
            if (string.IsNullOrEmpty(value))
                throw new AlonzoValidationException("InvalidRoleName", parameterName, value,
                    $"-{parameterName}: a role name cannot be empty. Use 1 to {RoleNameMax} letters, digits or + = , . @ _ -.");
            if (value.Length > RoleNameMax)
                throw new AlonzoValidationException("InvalidRoleName", parameterName, value,
                    $"-{parameterName}: the role name '{NameRules.Shorten(value)}' is {value.Length} characters long; IAM allows at most {RoleNameMax}.");
            if (!NamePattern.IsMatch(value))
                throw new AlonzoValidationException("InvalidRoleName", parameterName, value,
                    $"-{parameterName}: the role name '{value}' has characters IAM does not allow. Use only letters, digits and + = , . @ _ -.");
        }

        /// <summary>Wildcard patterns for Get-AlonzoRole may also contain * ? [ ].</summary>
        public static void RoleNameOrWildcard(string value, string parameterName = "Name")
        {
            if (value == null) return;
            string literal = Regex.Replace(value, @"[\*\?\[\]]", "");
            if (literal.Length == 0) return;
            if (!NamePattern.IsMatch(literal))
                RoleName(literal, parameterName);
        }

        public static void PolicyArn(string value, string parameterName = "ManagedPolicyArn")
        {
            if (string.IsNullOrEmpty(value) || !PolicyArnPattern.IsMatch(value))
                throw new AlonzoValidationException("InvalidPolicyArn", parameterName, value,
                    $"-{parameterName}: '{NameRules.Shorten(value)}' is not a managed policy ARN. Expected arn:aws:iam::aws:policy/<path/><name> " +
                    "(AWS managed, e.g. arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole) or arn:aws:iam::<12-digit account>:policy/<name>.");
        }

        public static void PolicyName(string value, string parameterName = "InlinePolicy")
        {
            if (string.IsNullOrEmpty(value) || value.Length > PolicyNameMax || !NamePattern.IsMatch(value))
                throw new AlonzoValidationException("InvalidPolicyName", parameterName, value,
                    $"-{parameterName}: the inline policy name '{NameRules.Shorten(value)}' is not valid. Use 1 to {PolicyNameMax} letters, digits and + = , . @ _ -.");
        }

        public static void ServicePrincipal(string value, string parameterName = "TrustService")
        {
            if (string.IsNullOrEmpty(value) || !ServicePrincipalPattern.IsMatch(value))
                throw new AlonzoValidationException("InvalidTrustService", parameterName, value,
                    $"-{parameterName}: '{NameRules.Shorten(value)}' is not a service principal. Use the service's host name, e.g. lambda.amazonaws.com.");
        }

        public static void Description(string value, string parameterName = "Description")
        {
            if (value == null) return;
            if (value.Length > DescriptionMax)
                throw new AlonzoValidationException("InvalidDescription", parameterName, value,
                    $"-{parameterName}: the description is {value.Length} characters long; IAM allows at most {DescriptionMax}.");
            if (!DescriptionPattern.IsMatch(value))
                throw new AlonzoValidationException("InvalidDescription", parameterName, value,
                    $"-{parameterName}: the description has characters IAM does not allow (only printable Latin-1 text, tabs and line breaks).");
        }

        public static void Tags(IDictionary<string, string> tags, string parameterName = "Tag")
        {
            NameRules.Tags(tags, parameterName);
            if (tags == null) return;
            foreach (var pair in tags)
            {
                if (!TagPattern.IsMatch(pair.Key) || (pair.Value != null && !TagPattern.IsMatch(pair.Value)))
                    throw new AlonzoValidationException("InvalidTag", parameterName, pair.Key,
                        $"-{parameterName}: the tag '{pair.Key}' has characters IAM does not allow in tags. Use letters, digits, spaces and _ . : / = + - @.");
            }
        }

        /// <summary>The role name inside a role ARN (the path is dropped), or null when the text is not a role ARN.</summary>
        public static string RoleNameFromArn(string arn)
        {
            if (arn == null) return null;
            var match = RoleArnPattern.Match(arn);
            return match.Success ? match.Groups["name"].Value : null;
        }

        public static bool LooksLikeArn(string value) => value != null && value.StartsWith("arn:", StringComparison.Ordinal);
    }
}
