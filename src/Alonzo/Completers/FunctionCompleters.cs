using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Alonzo.Functions;

namespace Alonzo.Commands.Completers
{
    /// <summary>Lambda runtimes from the service model, newest first.</summary>
    public sealed class RuntimeCompleter : CompleterBase
    {
        protected override IEnumerable<string> GetCandidates(IDictionary boundParameters) => FunctionRules.Runtimes.Reverse();
    }

    /// <summary>Function names from the account and region in use.</summary>
    public sealed class FunctionNameCompleter : CompleterBase
    {
        protected override IEnumerable<string> GetCandidates(IDictionary boundParameters)
        {
            using (var context = ContextFrom(boundParameters))
            using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
                return new FunctionOperations(context).ListAsync(null, cts.Token).GetAwaiter().GetResult().Select(f => f.FunctionName).ToList();
        }
    }
}
