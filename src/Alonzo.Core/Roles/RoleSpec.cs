using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using Alonzo.Validation;

namespace Alonzo.Roles
{
    /// <summary>What a role should look like. Only what is set is converged; tags are only ever added or updated.</summary>
    public sealed class RoleSpec
    {
        public const string LambdaService = "lambda.amazonaws.com";

        public string Name { get; set; }
        /// <summary>Managed policies that must be attached.</summary>
        public IList<string> ManagedPolicyArns { get; set; }
        /// <summary>Inline policies by name; each document is a JSON string, an IDictionary tree or a <see cref="PolicyDocument"/>.</summary>
        public IDictionary InlinePolicies { get; set; }
        /// <summary>Services the trust policy allows to assume the role. Null: lambda.amazonaws.com (see <see cref="TrustPolicy"/>).</summary>
        public IList<string> TrustServices { get; set; }
        /// <summary>A whole trust policy instead of <see cref="TrustServices"/>.</summary>
        public object TrustPolicy { get; set; }
        /// <summary>Null leaves an existing description alone.</summary>
        public string Description { get; set; }
        public IDictionary<string, string> Tags { get; set; }
        /// <summary>Also detach managed policies and delete inline policies that are not in the spec, and match the trust policy exactly.</summary>
        public bool Exact { get; set; }

        // Filled by Validate().
        internal List<string> PolicyArns { get; private set; }
        internal List<KeyValuePair<string, PolicyDocument>> InlineDocuments { get; private set; }
        internal PolicyDocument TrustDocument { get; private set; }
        /// <summary>False when the trust policy is only the default: then an existing role that already trusts Lambda is left as it is.</summary>
        internal bool TrustIsExplicit { get; private set; }

        /// <summary>Checks everything that can be checked without AWS; throws <see cref="AlonzoValidationException"/>.</summary>
        public void Validate()
        {
            RoleRules.RoleName(Name);

            PolicyArns = new List<string>();
            foreach (var arn in ManagedPolicyArns ?? Array.Empty<string>())
            {
                RoleRules.PolicyArn(arn);
                if (!PolicyArns.Contains(arn, StringComparer.Ordinal)) PolicyArns.Add(arn);
            }

            InlineDocuments = new List<KeyValuePair<string, PolicyDocument>>();
            if (InlinePolicies != null)
            {
                foreach (DictionaryEntry entry in InlinePolicies)
                {
                    string policyName = entry.Key as string ?? Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture);
                    RoleRules.PolicyName(policyName);
                    if (InlineDocuments.Any(p => string.Equals(p.Key, policyName, StringComparison.Ordinal)))
                        throw new AlonzoValidationException("DuplicatePolicyName", "InlinePolicy", policyName,
                            $"-InlinePolicy: the inline policy '{policyName}' is given twice.");
                    var document = PolicyDocument.Parse(entry.Value, "InlinePolicy", $"-InlinePolicy '{policyName}'");
                    InlineDocuments.Add(new KeyValuePair<string, PolicyDocument>(policyName, document));
                }
            }

            bool servicesGiven = TrustServices != null && TrustServices.Count > 0;
            if (servicesGiven && TrustPolicy != null)
                throw new AlonzoValidationException("ConflictingTrust", "TrustPolicy", TrustPolicy,
                    "-TrustService and -TrustPolicy cannot be used together: give the services, or the whole trust policy.");
            if (TrustPolicy != null)
            {
                TrustDocument = PolicyDocument.Parse(TrustPolicy, "TrustPolicy", "-TrustPolicy");
                TrustIsExplicit = true;
            }
            else
            {
                var services = servicesGiven ? TrustServices : new[] { LambdaService };
                foreach (var service in services) RoleRules.ServicePrincipal(service);
                TrustDocument = PolicyDocument.TrustFor(services);
                TrustIsExplicit = servicesGiven || Exact;
            }

            RoleRules.Description(Description);
            RoleRules.Tags(Tags);
        }
    }
}
