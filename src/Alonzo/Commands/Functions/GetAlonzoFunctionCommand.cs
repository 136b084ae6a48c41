using System.Management.Automation;
using Alonzo.Functions;

namespace Alonzo.Commands.Functions
{
    /// <summary>Shows Lambda functions: one by name, or all whose names match a wildcard.</summary>
    [Cmdlet(VerbsCommon.Get, "AlonzoFunction")]
    [OutputType(typeof(AlonzoFunction))]
    public sealed class GetAlonzoFunctionCommand : AlonzoCmdlet
    {
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FunctionName")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(Completers.FunctionNameCompleter))]
        public string[] Name { get; set; }

        protected override void ProcessRecord()
        {
            var names = Name == null || Name.Length == 0 ? new[] { "*" } : Name;
            foreach (var name in names)
            {
                TryProcess(name, () =>
                {
                    var operations = new FunctionOperations(Context);
                    if (WildcardPattern.ContainsWildcardCharacters(name))
                    {
                        var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                        WriteObject(Run(ct => operations.ListAsync(pattern.IsMatch, ct)), true);
                        return;
                    }
                    FunctionRules.Name(name);
                    var function = Run(ct => operations.GetAsync(name, ct));
                    if (function == null)
                        throw new AlonzoOperationException("FunctionNotFound", FailureKind.ObjectNotFound,
                            $"No function named '{name}' in region {Context.Region}.",
                            "Check the name with Get-AlonzoFunction, or the region with -Region.");
                    WriteObject(function);
                });
            }
        }
    }
}
