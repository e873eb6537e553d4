import type { Metadata } from "next";
import { connection } from "next/server";
import "./globals.css";
import { FleetBar } from "@/components/fleet/fleet-bar";
import { Providers } from "./providers";

export const metadata: Metadata = {
  title: { default: "indexwatch", template: "%s · indexwatch" },
  description: "How your PostgreSQL database uses its indexes.",
  // The SVG for tabs that take it; the .ico (16, 32, 48 px) for the rest and for bookmarks;
  // a 180 px PNG for home screens. All three drawn from app/icon.svg.
  icons: {
    icon: [
      { url: "/icon.svg", type: "image/svg+xml" },
      { url: "/favicon.ico", sizes: "16x16 32x32 48x48" },
    ],
    apple: { url: "/apple-touch-icon.png", sizes: "180x180" },
  },
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page is rendered per request: its scripts carry that request's CSP nonce (proxy.ts).
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen bg-neutral-100 font-sans text-neutral-900 antialiased dark:bg-neutral-950 dark:text-neutral-100">
        <Providers>
          <FleetBar />
          {children}
        </Providers>
      </body>
    </html>
  );
}
