import{c as a}from"./chunk-PX66ROUT.js";import"./chunk-TKJSUIKG.js";export{a as reactions};
