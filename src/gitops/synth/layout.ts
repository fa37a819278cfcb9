/** The deploy/ layout lives in the repository model; synth reads it from there. */
export {
  APPLICATIONS_DIR, applicationName, applicationsDir, BOOTSTRAP_DIR, bootstrapFile, DEPLOY_DIR, environmentDir,
  KUSTOMIZATION, manifestName, manifestPath, NAMESPACE_MANIFEST_SUFFIX, namespaceManifestName, namespaceManifestPath, objectFileName, projectName, rootApplicationName,
} from '../repo/layout';
