/** Named awaits still outstanding: what a hang report lists as pending. */
export class PendingAwaits {
  private readonly labels = new Map<number, string>();
  private nextId = 1;

  track<T>(label: string, promise: Promise<T>): Promise<T> {
    const id = this.nextId++;
    this.labels.set(id, label);
    const done = (): void => void this.labels.delete(id);
    promise.then(done, done);
    return promise;
  }

  pending(): string[] {
    return [...this.labels.values()];
  }
}
