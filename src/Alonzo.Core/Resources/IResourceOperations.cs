#nullable enable
using System.Threading;
using System.Threading.Tasks;

namespace Alonzo.Resources
{
    /// <summary>
    /// The contract every resource kind implements: read the current state, plan from a spec
    /// (read calls only), apply a plan (exactly its approved changes, waiting until usable), and
    /// plan a removal (its teardown steps as changes, applied in order by ApplyAsync).
    /// </summary>
    public interface IResourceOperations<TSpec, TState> where TState : class
    {
        ResourceKind Kind { get; }
        Task<TState?> ReadAsync(string name, CancellationToken cancellationToken);
        Task<ResourcePlan> PlanAsync(TSpec spec, ResourceScope scope, CancellationToken cancellationToken);
        /// <summary>Returns the resource as it now is, or null when it was removed or nothing approved was applied.</summary>
        Task<TState?> ApplyAsync(ResourcePlan plan, ResourceScope scope, CancellationToken cancellationToken);
        Task<ResourcePlan> PlanRemoveAsync(string name, ResourceScope scope, CancellationToken cancellationToken);
    }
}
