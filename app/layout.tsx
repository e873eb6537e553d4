import type { Metadata } from "next";
import "./globals.css";
import { FleetBar } from "@/components/fleet/fleet-bar";
import { Providers } from "./providers";

export const metadata: Metadata = {
  title: { default: "indexwatch", template: "%s · indexwatch" },
  description: "How your PostgreSQL database uses its indexes.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
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
