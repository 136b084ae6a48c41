using System.Collections.Generic;
using System.Management.Automation;
using Alonzo.Roles;

namespace Alonzo.Commands.Roles
{
    /// <summary>Shows IAM roles with their trust, managed and inline policies: one by name or ARN, or all whose names match a wildcard.</summary>
    [Cmdlet(VerbsCommon.Get, "AlonzoRole")]
    [OutputType(typeof(AlonzoRole))]
    public sealed class GetAlonzoRoleCommand : AlonzoCmdlet
    {
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("RoleName")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(Completers.RoleNameCompleter))]
        public string[] Name { get; set; }

        protected override void ProcessRecord()
        {
            var names = Name == null || Name.Length == 0 ? new[] { "*" } : Name;
            foreach (var value in names)
            {
                TryProcess(value, () =>
                {
                    var operations = new RoleOperations(Context);
                    operations.Info += PostVerbose;
                    if (value != null && WildcardPattern.ContainsWildcardCharacters(value))
                    {
                        RoleRules.RoleNameOrWildcard(value);
                        var pattern = new WildcardPattern(value, WildcardOptions.IgnoreCase);
                        List<AlonzoRole> roles = Run(ct => operations.ListAsync(pattern.IsMatch, ct));
                        WriteObject(roles, true);
                        return;
                    }

                    string name = RoleRules.LooksLikeArn(value) ? RoleRules.RoleNameFromArn(value) ?? value : value;
                    var role = Run(ct => operations.GetAsync(name, ct));
                    if (role == null)
                        throw new AlonzoOperationException("RoleNotFound", FailureKind.ObjectNotFound,
                            $"No IAM role named '{name}' exists in this account.",
                            "Check the name with Get-AlonzoRole, or create the role with New-AlonzoRole.");
                    WriteObject(role);
                });
            }
        }
    }
}
