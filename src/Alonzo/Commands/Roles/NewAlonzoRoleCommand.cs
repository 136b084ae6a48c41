using System.Collections;
using System.Management.Automation;
using Alonzo.Roles;

namespace Alonzo.Commands.Roles
{
    /// <summary>
    /// Creates an IAM role if it is missing, or converges an existing one: attaches missing managed
    /// policies, puts missing or changed inline policies, updates a different trust policy and adds tags;
    /// with -Exact also removes policies that were not asked for. Says what it did in Action and Changes.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "AlonzoRole", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ServiceSet)]
    [OutputType(typeof(AlonzoRole))]
    public sealed class NewAlonzoRoleCommand : AlonzoCmdlet
    {
        private const string ServiceSet = "TrustService";
        private const string DocumentSet = "TrustPolicy";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("RoleName")]
        [AllowEmptyString]
        public string Name { get; set; }

        /// <summary>Managed policies to attach, e.g. arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole.</summary>
        [Parameter]
        [Alias("PolicyArn")]
        public string[] ManagedPolicyArn { get; set; }

        /// <summary>Inline policies: @{ name = @{ Statement = @(...) } } or name = '{"Statement":[...]}'.</summary>
        [Parameter]
        public IDictionary InlinePolicy { get; set; }

        /// <summary>Services allowed to assume the role. Default lambda.amazonaws.com.</summary>
        [Parameter(ParameterSetName = ServiceSet)]
        [ValidateNotNullOrEmpty]
        public string[] TrustService { get; set; } = { RoleSpec.LambdaService };

        /// <summary>A whole trust policy (hashtable or JSON) instead of -TrustService.</summary>
        [Parameter(Mandatory = true, ParameterSetName = DocumentSet)]
        [ValidateNotNull]
        public object TrustPolicy { get; set; }

        [Parameter]
        public string Description { get; set; }

        /// <summary>Tags to add or update (never removed).</summary>
        [Parameter]
        public Hashtable Tag { get; set; }

        /// <summary>Also detach managed policies and delete inline policies that are not given, and set the trust policy exactly.</summary>
        [Parameter]
        public SwitchParameter Exact { get; set; }

        protected override void ProcessRecord()
        {
            TryProcess(Name, () =>
            {
                var spec = new RoleSpec
                {
                    Name = Name,
                    ManagedPolicyArns = ManagedPolicyArn,
                    InlinePolicies = PolicyInput.InlinePolicies(InlinePolicy),
                    // Only an explicit -TrustService replaces the trust of an existing role that already trusts Lambda.
                    TrustServices = IsBound(nameof(TrustService)) ? TrustService : null,
                    TrustPolicy = PolicyInput.ToPlain(TrustPolicy),
                    Description = Description,
                    Tags = ToStringDictionary(Tag),
                    Exact = Exact,
                };
                spec.Validate();

                var operations = new RoleOperations(Context);
                operations.Info += PostVerbose;
                operations.Warning += PostWarning;
                var plan = Run(ct => operations.PlanAsync(spec, null, ct));
                Converge(operations, plan, "IAM role " + Name);
            });
        }
    }
}
