using System.Collections;
using System.Management.Automation;
using Alonzo.Network;

namespace Alonzo.Commands.Network
{
    /// <summary>Creates a security group in a VPC if it is missing (named after the function by default) and returns it.</summary>
    [Cmdlet(VerbsCommon.New, "AlonzoSecurityGroup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = ByName)]
    [OutputType(typeof(AlonzoSecurityGroup))]
    public sealed class NewAlonzoSecurityGroupCommand : AlonzoCmdlet
    {
        private const string ByName = "ByName";
        private const string ByFunction = "ByFunction";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByName, ValueFromPipelineByPropertyName = true)]
        [Alias("GroupName")]
        [AllowEmptyString]
        public string Name { get; set; }

        /// <summary>Names the group &lt;function&gt;_lambda.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ByFunction, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string FunctionName { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string VpcId { get; set; }

        [Parameter]
        public string Description { get; set; }

        [Parameter]
        public Hashtable Tag { get; set; }

        protected override void ProcessRecord()
        {
            string name = ParameterSetName == ByFunction ? FunctionName + "_lambda" : Name;
            TryProcess(name, () =>
            {
                var spec = new SecurityGroupSpec
                {
                    Name = name,
                    VpcId = VpcId,
                    Description = Description ?? (ParameterSetName == ByFunction ? $"Alonzo: Lambda function {FunctionName}" : null),
                    Tags = ToStringDictionary(Tag),
                };
                if (ParameterSetName == ByFunction && string.IsNullOrEmpty(FunctionName)) NetworkRules.GroupName("", "FunctionName");
                spec.Validate();
                var operations = new SecurityGroupOperations(Context);
                operations.Info += PostVerbose;
                operations.Warning += PostWarning;
                var plan = Run(ct => operations.PlanAsync(spec, null, ct));
                Converge(operations, plan, name);
            });
        }
    }
}
