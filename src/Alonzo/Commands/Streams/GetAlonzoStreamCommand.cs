using System.Collections.Generic;
using System.Management.Automation;
using Alonzo.Streams;
using Alonzo.Validation;

namespace Alonzo.Commands.Streams
{
    /// <summary>Shows Kinesis streams: one by name, or all whose names match a wildcard.</summary>
    [Cmdlet(VerbsCommon.Get, "AlonzoStream")]
    [OutputType(typeof(AlonzoStream))]
    public sealed class GetAlonzoStreamCommand : AlonzoCmdlet
    {
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("StreamName")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(Completers.StreamNameCompleter))]
        public string[] Name { get; set; }

        protected override void ProcessRecord()
        {
            var names = Name == null || Name.Length == 0 ? new[] { "*" } : Name;
            foreach (var name in names)
            {
                TryProcess(name, () =>
                {
                    var operations = new StreamOperations(Context);
                    if (WildcardPattern.ContainsWildcardCharacters(name))
                    {
                        NameRules.StreamNamePatternOrWildcard(name);
                        var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                        List<AlonzoStream> streams = Run(ct => operations.ListAsync(pattern.IsMatch, true, ct));
                        WriteObject(streams, true);
                        return;
                    }

                    NameRules.StreamName(name);
                    var stream = Run(ct => operations.GetAsync(name, ct));
                    if (stream == null)
                        throw new AlonzoOperationException("StreamNotFound", FailureKind.ObjectNotFound,
                            $"No stream named '{name}' in region {Context.Region}.",
                            "Check the name with Get-AlonzoStream, or the region with -Region.");
                    WriteObject(stream);
                });
            }
        }
    }
}
