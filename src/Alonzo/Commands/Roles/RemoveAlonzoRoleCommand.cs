using System.Management.Automation;
using Alonzo.Roles;

namespace Alonzo.Commands.Roles
{
    /// <summary>Deletes an IAM role, first detaching its managed policies, deleting its inline policies and leaving its instance profiles.</summary>
    [Cmdlet(VerbsCommon.Remove, "AlonzoRole", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveAlonzoRoleCommand : AlonzoCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("RoleName")]
        [ArgumentCompleter(typeof(Completers.RoleNameCompleter))]
        [AllowEmptyString]
        public string Name { get; set; }

        /// <summary>Skip the confirmation prompt (-WhatIf still wins).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            TryProcess(Name, () =>
            {
                RoleRules.RoleName(Name);
                var operations = new RoleOperations(Context);
                operations.Info += PostVerbose;
                var plan = Run(ct => operations.PlanRemoveAsync(Name, null, ct));
                Remove(operations, plan, "IAM role " + Name, Force, $"Role '{Name}' does not exist; nothing to delete.");
            });
        }
    }
}
