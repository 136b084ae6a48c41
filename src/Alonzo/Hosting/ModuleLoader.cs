using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Alonzo.Commands.Hosting
{
    /// <summary>
    /// Keeps Alonzo's dependencies (AWSSDK.Core, Polly, the engine) out of the session's shared
    /// assembly space, so another module's AWSSDK.Core of a different version cannot break Alonzo or
    /// be broken by it. Only Alonzo.dll sits beside the manifest; everything else lives in
    /// 'dependencies' where PowerShell's own probing cannot find it. On PowerShell 7 the engine is
    /// loaded into a private AssemblyLoadContext; on Windows PowerShell 5.1 (one AppDomain, no load
    /// contexts) requests are answered from the same folder.
    /// </summary>
    public sealed class ModuleLoader : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        internal static readonly string DependencyDirectory =
            Path.Combine(Path.GetDirectoryName(typeof(ModuleLoader).Assembly.Location) ?? ".", "dependencies");

        private static readonly object Gate = new object();
        private static bool _registered;

        public void OnImport() => Register();

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            // The handlers stay registered: types already bound to the engine keep working if the
            // module is imported again, and the handlers answer only for Alonzo's own assemblies.
        }

        internal static void Register()
        {
            lock (Gate)
            {
                if (_registered) return;
                _registered = true;
                if (IsNetFramework())
                    RegisterAppDomainResolver();
                else
                    RegisterLoadContextResolver();
            }
        }

        private static bool IsNetFramework() =>
            RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void RegisterLoadContextResolver() => IsolatedLoadContext.Install(DependencyDirectory);

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void RegisterAppDomainResolver()
        {
            AppDomain.CurrentDomain.AssemblyResolve += (sender, args) =>
            {
                var name = new AssemblyName(args.Name);
                string path = Path.Combine(DependencyDirectory, name.Name + ".dll");
                return File.Exists(path) ? Assembly.LoadFrom(path) : null;
            };
        }
    }
}
