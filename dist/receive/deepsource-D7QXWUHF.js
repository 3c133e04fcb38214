import{q as a}from"./chunk-GTHQOL7D.js";import"./chunk-TKJSUIKG.js";export{a as reactions};
