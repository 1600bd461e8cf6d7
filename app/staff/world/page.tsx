import type { Metadata } from "next";
import { StaffForbidden, StaffHeader } from "@/components/staff/staff-access";
import { staffViewer } from "@/app/staff/staff-viewer";
import { WorldViewer, type ViewerRegion } from "@/components/world/world-viewer";
import { serverCaller } from "@/server/caller";

export const metadata: Metadata = { title: "World viewer" };
export const dynamic = "force-dynamic";

/** Staff only (analyst and up): the octree region viewer. Players get the 403 message; the API refuses them too. */
export default async function WorldViewerPage() {
  const viewer = await staffViewer();
  if (!viewer) return <StaffForbidden />;
  const caller = await serverCaller();
  const [regions, materials] = await Promise.all([caller.world.regions(), caller.world.materials()]);
  const viewerRegions: ViewerRegion[] = regions.map((r) => ({
    regionId: r.regionId,
    name: r.name,
    zoneId: r.zoneId,
    isProtected: r.isProtected,
    ownerGuildId: r.ownerGuildId,
    ownerGuildName: r.ownerGuildName,
    box: { minX: Math.floor(r.min.x), minY: Math.floor(r.min.y), minZ: Math.floor(r.min.z), maxX: Math.floor(r.max.x), maxY: Math.floor(r.max.y), maxZ: Math.floor(r.max.z) },
  }));
  return (
    <section aria-labelledby="world-heading">
      <StaffHeader title="World viewer" viewer={viewer} />
      <p id="world-heading" className="-mt-4 mb-4 text-sm text-slate-600">
        Octree nodes from Cassandra (via the Redis hot cache), drawn level by level from coarse to fine. Drag to orbit, right-drag to pan, scroll to zoom; hover a voxel for its node.
      </p>
      <WorldViewer regions={viewerRegions} materials={materials.map((m) => ({ materialId: m.materialId, name: m.name, color: m.color }))} canAct={viewer.canAct} />
    </section>
  );
}
