using System.Management.Automation;
using Alonzo.Validation;

namespace Alonzo.Commands.Pipelines
{
    /// <summary>
    /// Finds pipelines by their marks and shows each resource's state; with a spec, also every field
    /// in which the account differs from it (drift).
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "AlonzoPipeline", DefaultParameterSetName = NameSet)]
    [OutputType(typeof(AlonzoPipelineResource))]
    public sealed class GetAlonzoPipelineCommand : PipelineCmdlet
    {
        private const string NameSet = "Name";

        /// <summary>Pipeline names; wildcards allowed. All pipelines when not given.</summary>
        [Parameter(Position = 0, ParameterSetName = NameSet)]
        [SupportsWildcards]
        public string[] Name { get; set; }

        protected override void ProcessRecord()
        {
            // A spec file given by position reads as a path.
            if (ParameterSetName == NameSet && Name != null && Name.Length == 1 && IsSpecFile(Name[0])) Path = Name[0];
            if (ParameterSetName != NameSet || Path != null)
            {
                TryProcess(Path ?? "spec", () =>
                {
                    var spec = ReadSpec();
                    var operations = Operations();
                    WriteObject(Run(ct => operations.DriftAsync(spec, ct)), true);
                });
                return;
            }
            var names = Name == null || Name.Length == 0 ? new[] { "*" } : Name;
            foreach (var name in names)
            {
                TryProcess(name, () =>
                {
                    if (!WildcardPattern.ContainsWildcardCharacters(name)) NameRules.StreamName(name, "Name");
                    var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                    var operations = Operations();
                    var rows = Run(ct => operations.StatusAsync(pattern.IsMatch, ct));
                    if (rows.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
                        throw new AlonzoOperationException("PipelineNotFound", FailureKind.ObjectNotFound,
                            $"No pipeline named '{name}' in region {Context.Region} (no stream carries the tag alonzo:pipeline={name}).",
                            "List the pipelines with Get-AlonzoPipeline, or check the region with -Region.");
                    WriteObject(rows, true);
                });
            }
        }
    }
}
