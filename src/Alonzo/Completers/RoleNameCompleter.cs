using System;
using System.Collections;
using System.Collections.Generic;
using Alonzo.Roles;

namespace Alonzo.Commands.Completers
{
    /// <summary>IAM role names from the account in use (ListRoles; IAM is global, so the region does not matter).</summary>
    public sealed class RoleNameCompleter : CompleterBase
    {
        protected override IEnumerable<string> GetCandidates(IDictionary boundParameters)
        {
            using (var context = ContextFrom(boundParameters))
            using (var cts = new System.Threading.CancellationTokenSource(TimeSpan.FromSeconds(5)))
                return new RoleOperations(context).ListNamesAsync(cts.Token).GetAwaiter().GetResult();
        }
    }
}
