import{q as a}from"./chunk-3TSB7KUO.js";import"./chunk-ES32OARC.js";export{a as reactions};
