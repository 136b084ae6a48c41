using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Alonzo.Tests.ServiceModels
{
    /// <summary>
    /// One client call as a theory case: the operation it must produce and the call itself. Shared by
    /// the per-service "every request matches the model" tests.
    /// </summary>
    public sealed class ClientCall<TClient>
    {
        public ClientCall(Func<TClient, Task> call) { Call = call; }

        public Func<TClient, Task> Call { get; }

        /// <summary>xunit shows this in case names; the operation is the readable part.</summary>
        public override string ToString() => "call";

        public static object[] Case(string operation, Func<TClient, Task> call) => new object[] { operation, new ClientCall<TClient>(call) };

        /// <summary>Fails when a method of the client interface has no case (a request nobody checks).</summary>
        public static void AssertEveryMethodCovered(IEnumerable<object[]> cases)
        {
            var covered = cases.Select(c => (string)c[0]).Distinct().ToList();
            var methods = typeof(TClient).GetMethods().Select(m => m.Name.Replace("Async", "")).ToList();
            Assert.Empty(methods.Except(covered));
        }
    }
}
