using System.Management.Automation;
using Alonzo.Functions;

namespace Alonzo.Commands.Functions
{
    /// <summary>Deletes a Lambda function with all its versions and aliases.</summary>
    [Cmdlet(VerbsCommon.Remove, "AlonzoFunction", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveAlonzoFunctionCommand : AlonzoCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FunctionName")]
        [ArgumentCompleter(typeof(Completers.FunctionNameCompleter))]
        [AllowEmptyString]
        public string Name { get; set; }

        /// <summary>Skip the confirmation prompt (-WhatIf still wins).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            TryProcess(Name, () =>
            {
                FunctionRules.Name(Name);
                var operations = new FunctionOperations(Context);
                operations.Info += PostVerbose;
                operations.Warning += PostWarning;
                var plan = Run(ct => operations.PlanRemoveAsync(Name, null, ct));
                Remove(operations, plan, Name, Force, $"Function '{Name}' does not exist in region {Context.Region}; nothing to delete.");
            });
        }
    }
}
