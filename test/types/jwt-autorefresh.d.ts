declare module 'jwt-autorefresh' {
  const autorefresh: unknown;
  export default autorefresh;
}
