import { gitObjectSha1 } from "@ml/hub-protocol";

/** Id of a parentless git commit of `tree`, so a repo's default commit follows from its content. */
export function gitCommitSha1(tree: string, title: string, date: Date): string {
  const who = `fixture-hub <fixture-hub@localhost> ${Math.floor(date.getTime() / 1000)} +0000`;
  return gitObjectSha1("commit", Buffer.from(`tree ${tree}\nauthor ${who}\ncommitter ${who}\n\n${title}\n`));
}
