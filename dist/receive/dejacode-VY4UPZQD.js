import{a}from"./chunk-PFQK72VI.js";import"./chunk-TKJSUIKG.js";export{a as reactions};
